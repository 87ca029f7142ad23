package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ list.ListResourceWithConfigure = (*userListResource)(nil)
)

// NewUserListResource returns the portkey_user list resource.
func NewUserListResource() list.ListResource { return &userListResource{} }

type userListResource struct {
	client *client.Client
}

type userListModel struct {
	Role  types.String `tfsdk:"role"`
	Email emailValue   `tfsdk:"email"`
}

func (r *userListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's users (every page), optionally filtered by role or email, each with " +
			"its identity (the user id) and, when asked, the user as `portkey_user` reads it. The organisation owner is " +
			"never listed: `portkey_user` cannot manage the owner, so a query that finds them says so in a warning " +
			"instead.",
		Attributes: map[string]schema.Attribute{
			"role": schema.StringAttribute{
				MarkdownDescription: "Only users with this organisation role: `admin` or `member`. Optional; by default " +
					"both. (`owner` is not accepted: the owner is never listed.)",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.OrgRoleAdmin, client.OrgRoleMember)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Only the user with this email, matched ignoring case. Optional; by default every user.",
				CustomType:          emailType{},
				Optional:            true,
				Validators:          []validator.String{emailValidator{}},
			},
		},
	}
}

func (r *userListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List makes the portkey_users data source's call. Each user is read with the
// GET portkey_user reads it with (list items lack workspace_ids).
func (r *userListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamListResults(ctx, req, stream, "User", func(ctx context.Context) ([]listedObject, diag.Diagnostics) {
		var diags diag.Diagnostics
		email := cfg.Email.ValueString()
		users, err := r.client.ListUsers(ctx, client.ListUsersOptions{Role: cfg.Role.ValueString(), Email: email})
		if err != nil {
			addAPIError(&diags, "List Users", err, "")
			return nil, diags
		}
		out := make([]listedObject, 0, len(users))
		for i := range users {
			u := users[i]
			switch {
			case email != "" && !strings.EqualFold(u.Email, email): // the filter is exact, whatever the API matches
				continue
			case u.Role == client.OrgRoleOwner:
				diags.AddWarning("Organisation Owner Not Listed", fmt.Sprintf("%s is the owner of the organisation. The "+
					"owner's role is fixed and the owner cannot be removed, so portkey_user cannot manage them: they are "+
					"left out of the results (and of generated configuration).", u.Email))
				continue
			}
			out = append(out, listedObject{
				displayName: fmt.Sprintf("%s (%s)", u.Email, u.Role),
				identity:    newIDIdentity(u.ID),
				read: func(ctx context.Context) (any, bool, diag.Diagnostics) {
					var diags diag.Diagnostics
					got, err := r.client.GetUser(ctx, u.ID)
					if err != nil {
						// Gone as portkey_user decides it: 404, or a confirmed 403.
						listed := userResourceModel{userFields: userFields{ID: types.StringValue(u.ID)}}
						if gone, _ := (&userResource{client: r.client}).userGone(ctx, err, listed); gone {
							return nil, true, nil
						}
					}
					if err != nil {
						addAPIError(&diags, "Read User", err, fmt.Sprintf("The user %s was listed, but reading them failed.", u.Email))
						return nil, false, diags
					}
					// remove_on_destroy is in state only: false, as after an import.
					m := userResourceModel{RemoveOnDestroy: types.BoolValue(false)}
					diags.Append(m.fill(ctx, got)...)
					m.asListed()
					return &m, false, diags
				},
			})
		}
		return out, diags
	})
}

// asListed clears what a configuration of portkey_user leaves out: it sets
// exactly one of email and user_id, and the listed object keeps email (id
// still holds the user id).
func (m *userResourceModel) asListed() {
	m.UserID = types.StringNull()
}
