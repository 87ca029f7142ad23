package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*userInviteResource)(nil)
	_ resource.ResourceWithImportState = (*userInviteResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userInviteResource)(nil)
	_ resource.ResourceWithIdentity    = (*userInviteResource)(nil)
	_ resource.ResourceWithMoveState   = (*userInviteResource)(nil)
)

// NewUserInviteResource returns the portkey_user_invite resource.
func NewUserInviteResource() resource.Resource { return &userInviteResource{} }

type userInviteResource struct {
	client *client.Client
	settle settler
}

type userInviteResourceModel struct {
	ID                  types.String `tfsdk:"id"`
	Email               emailValue   `tfsdk:"email"`
	Role                types.String `tfsdk:"role"`
	Workspaces          types.Set    `tfsdk:"workspaces"`
	Scopes              types.Set    `tfsdk:"scopes"`
	ResendTrigger       types.String `tfsdk:"resend_trigger"`
	ReinviteWhenExpired types.Bool   `tfsdk:"reinvite_when_expired"`
	Status              types.String `tfsdk:"status"`
	InviteLink          types.String `tfsdk:"invite_link"`
	InvitedBy           types.String `tfsdk:"invited_by"`
	CreatedAt           types.String `tfsdk:"created_at"`
	ExpiresAt           types.String `tfsdk:"expires_at"`
	AcceptedAt          types.String `tfsdk:"accepted_at"`
}

func (r *userInviteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_invite"
}

func (r *userInviteResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Invites a person to the Portkey organisation, with an organisation role and, optionally, a " +
			"role in one or more workspaces. Portkey has no API to change an invite, so every input except `resend_trigger` and " +
			"`reinvite_when_expired` replaces it. An accepted invite stays in state and is never re-sent; see the " +
			"lifecycle section below.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The invite's UUID, assigned by Portkey.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The email address to invite. It is compared ignoring case, so `Alice@Example.com` " +
					"and `alice@example.com` are the same address (a change of case only is recorded in place). Changing " +
					"this forces a new resource.",
				Required:   true,
				CustomType: emailType{},
				Validators: []validator.String{emailValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(emailRequiresReplace,
					"A different address forces a new invite; a change of case only is recorded in place.",
					"A different address forces a new invite; a change of case only is recorded in place.")},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The organisation role the invitee gets: `admin` or `member` (an invite cannot " +
					"grant `owner`). Changing this forces a new resource.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.OrgRoleAdmin, client.OrgRoleMember)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"workspaces": schema.SetNestedAttribute{
				MarkdownDescription: "The workspaces the invitee joins on accepting, each with a role; each workspace " +
					"once, and at least one when set. Optional: without it the invitee joins only the organisation's " +
					"default workspace. Changing this forces a new resource.",
				Optional: true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					uniqueInviteWorkspaceIDs{},
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The workspace's UUID (for example `portkey_workspace.example.id`) or " +
								"slug. Prefer the UUID: Portkey reports workspaces by UUID, so a slug costs one extra " +
								"lookup on every refresh, and after an import the configuration must use UUIDs to " +
								"avoid a replacement.",
							Required:   true,
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"role": schema.StringAttribute{
							MarkdownDescription: "The invitee's role in the workspace: `admin`, `manager` or `member`.",
							Required:            true,
							Validators: []validator.String{stringvalidator.OneOf(
								client.WorkspaceRoleAdmin, client.WorkspaceRoleManager, client.WorkspaceRoleMember)},
						},
					},
				},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: "When set, Portkey creates a default user API key with these scopes in each " +
					"invited workspace once the invite is accepted (sent as `workspace_api_key_details.scopes`). " +
					"At least one scope when set; unset by default (no key is created). Changing this forces a new " +
					"resource, with one exception: Portkey never returns an invite's scopes, so setting them on an " +
					"imported invite records them in place.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					scopesValidator{},
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplaceIf(scopesRequireReplace,
					"Changing the scopes forces a new invite, except when they are first set on an imported invite.",
					"Changing the scopes forces a new invite, except when they are first set on an imported invite.")},
			},
			"resend_trigger": schema.StringAttribute{
				MarkdownDescription: "Any string; changing it to a new value re-sends a pending invite in place " +
					"(same `id`): Portkey mints a new `invite_link` and restarts the invite's lifetime. Removing it " +
					"re-sends nothing. A change while the invite is accepted, expired or cancelled is recorded " +
					"without re-sending (Portkey re-sends only pending invites). Unset by default.",
				Optional: true,
			},
			"reinvite_when_expired": schema.BoolAttribute{
				MarkdownDescription: "When `true`, an invite that expired or was cancelled without being accepted is " +
					"replaced by a new one on the next apply. When `false` (the default), it stays in state and " +
					"every plan warns that it expired.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The invite's status: `pending`, `accepted`, `expired` or `cancelled`. An " +
					"invite that Portkey no longer lists but whose email now belongs to an organisation user is " +
					"`accepted`.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"invite_link": schema.StringAttribute{
				MarkdownDescription: "The secret link the invitee follows to join. Portkey returns it only when the " +
					"invite is created or re-sent, so it is null after an import; change `resend_trigger` to mint a " +
					"new one. When a create's answer is lost, the provider re-sends the invite it adopts to learn the " +
					"link (and, should that fail too, the next plan re-sends it).",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{keepUnlessResent{}},
			},
			"invited_by": schema.StringAttribute{
				MarkdownDescription: "The id of the user whose API key created the invite.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the invite was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the invite expires unless accepted (RFC 3339); a re-send moves it later.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepUnlessResent{}},
			},
			"accepted_at": schema.StringAttribute{
				MarkdownDescription: "When the invite was accepted (RFC 3339); null until then, and null when " +
					"Portkey removed the accepted invite before Terraform saw its acceptance.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// emailRequiresReplace replaces the invite for a different address, not for
// the same address spelled in another case.
func emailRequiresReplace(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
}

// scopesRequireReplace replaces the invite on a scopes change, except when an
// imported invite (whose scopes the API never returns) first records them.
func scopesRequireReplace(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull() || !scopesUnknown(ctx, req.Private)
}

// IdentitySchema: an invite is identified by its id (identity.go).
func (r *userInviteResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The invite's id.")
}

func (r *userInviteResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

// ModifyPlan applies the invite lifecycle to the plan: an expired or
// cancelled invite is replaced when reinvite_when_expired is true, otherwise
// every plan warns about it; an accepted invite refuses changes that would
// re-invite the same person.
func (r *userInviteResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	switch status.ValueString() {
	case client.InviteStatusExpired, client.InviteStatusCancelled, client.InviteStatusAccepted:
	default:
		if !secretLost(ctx, req.Private) {
			return // a pending invite with its link: nothing to decide, and no need to read the whole models
		}
	}
	var state, plan userInviteResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	email := state.Email.ValueString()
	if inviteLinkLost(ctx, req.Private, &state) {
		// Created by this provider, but the link was lost with the create's
		// answer: the apply re-sends the invite to mint one.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("invite_link"), types.StringUnknown())...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("expires_at"), types.StringUnknown())...)
		resp.Diagnostics.AddWarning(fmt.Sprintf("User Invite to %s (%s) Has No Link", email, state.ID.ValueString()),
			fmt.Sprintf("The provider created the invite to %s (id %s), but its link was lost with Portkey's answer "+
				"and could not be recovered, so invite_link is null. This plan re-sends the invite to record a new link.",
				email, state.ID.ValueString()))
	}
	switch state.Status.ValueString() {
	case client.InviteStatusExpired, client.InviteStatusCancelled:
		if plan.ReinviteWhenExpired.ValueBool() {
			// The status is what forces the replacement; Terraform honours a
			// replacement only for a path whose value changes.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
			return
		}
		what := fmt.Sprintf("expired at %s", state.ExpiresAt.ValueString())
		if state.Status.ValueString() == client.InviteStatusCancelled {
			what = "was cancelled in Portkey"
		}
		resp.Diagnostics.AddAttributeWarning(path.Root("status"), "User Invite Not Accepted",
			fmt.Sprintf("The invite to %s %s without being accepted; %s has not joined the organisation. Set "+
				"reinvite_when_expired = true to send a new invite on the next apply, or remove this resource from "+
				"the configuration.", email, what, email))
	case client.InviteStatusAccepted:
		if !strings.EqualFold(plan.Email.ValueString(), email) {
			return // a different person: the replacement invites them
		}
		scopesChanged := !plan.Scopes.Equal(state.Scopes) && (!state.Scopes.IsNull() || !scopesUnknown(ctx, req.Private))
		if plan.Role.Equal(state.Role) && plan.Workspaces.Equal(state.Workspaces) && !scopesChanged {
			return
		}
		resp.Diagnostics.AddError("Unable to Change an Accepted User Invite",
			fmt.Sprintf("The invite to %s was accepted: %s is an organisation user now, so a new invite would be "+
				"refused, and role, workspaces and scopes here no longer change anything. Manage their organisation "+
				"role with portkey_user and their workspaces with portkey_workspace_member, and undo this change. "+
				"To stop managing the invite, remove this resource: destroying an accepted invite deletes only the "+
				"invite record, never the user.", email, email))
	}
}

func (r *userInviteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userInviteResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	email := plan.Email.ValueString()

	plan.InviteLink = types.StringNull()
	created, adopted, err := createRecovery[*client.CreatedUserInvite]{
		client: r.client, what: "the invite to " + email,
		send: func(ctx context.Context) (*client.CreatedUserInvite, error) {
			return r.client.CreateUserInvite(ctx, body)
		},
		find: func(ctx context.Context, _ time.Time) (*client.CreatedUserInvite, bool, error) {
			// Portkey keeps one pending invite per address: a pending one is
			// this create's, whenever it was made.
			id, found, err := r.findPendingInvite(ctx, email)
			return &client.CreatedUserInvite{ID: id}, found, err
		},
	}.run(ctx)
	if err != nil {
		addCreateError(&resp.Diagnostics, "Create User Invite", "the invite to "+email, err, createInviteHint(err, email))
		return
	}
	id := created.ID
	if !adopted {
		plan.InviteLink = types.StringValue(created.InviteLink)
	} else {
		// The lost answer carried the link: a re-send mints a new one.
		link, err := repeatWhileAmbiguous(ctx, r.client, func(ctx context.Context) (string, error) {
			return r.client.ResendUserInvite(ctx, id)
		})
		if err == nil {
			plan.InviteLink = types.StringValue(link)
		} else {
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretLost, []byte("true"))...)
			resp.Diagnostics.AddWarning(fmt.Sprintf("User Invite to %s (%s) Created Without Its Link", email, id),
				fmt.Sprintf("Portkey created the invite to %s (id %s), but its answer was lost, and re-sending the "+
					"invite to mint a new link failed too (%s), so invite_link is null. The next plan re-sends the "+
					"invite to record its link; apply it.", email, id, describeAPIError(err)))
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(id))...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Portkey's reads may not show the new invite yet: wait for it.
	inv, found, err := settle(ctx, r.settle, func(ctx context.Context) (*client.UserInvite, error) {
		return r.client.GetUserInvite(ctx, id)
	}, settledFound)
	switch {
	case !found:
		setTrustedState(ctx, req.Plan, nil, &resp.State, &resp.Diagnostics, r.settle, "the invite to "+email)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("invite_link"), plan.InviteLink)...)
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Created: true})...)
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Read User Invite", err,
			fmt.Sprintf("The invite %s was created, but reading it back failed; the next apply replaces it.", id))
		return
	}
	resp.Diagnostics.Append(r.fill(ctx, &plan, inv)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	setReadVersion(ctx, resp.Private, inv.ExpiresAt, &resp.Diagnostics)
}

// findPendingInvite looks for the pending invite to email that an
// ambiguously failed create may have made. Portkey's lists may not show a
// new invite yet: it looks until one does, within the settle timeout.
// Several are a *manyCreatedError.
func (r *userInviteResource) findPendingInvite(ctx context.Context, email string) (string, bool, error) {
	pending, _, err := settle(ctx, r.settle, func(ctx context.Context) ([]client.UserInvite, error) {
		return r.client.ListUserInvites(ctx, client.ListUserInvitesOptions{Email: email, Status: client.InviteStatusPending})
	}, func(pending []client.UserInvite, err error) bool {
		return err != nil || newestUserInvite(pending, email) != nil
	})
	if err != nil {
		return "", false, err
	}
	var matches []string
	for _, inv := range pending {
		if strings.EqualFold(inv.Email, email) {
			matches = append(matches, inv.ID)
		}
	}
	switch len(matches) {
	case 0:
		return "", false, nil
	case 1:
		return matches[0], true, nil
	}
	return "", false, &manyCreatedError{IDs: matches}
}

// inviteLinkLost reports whether the invite in state was created by this
// provider but its link was lost (privateSecretLost) and it can still be
// re-sent (pending).
func inviteLinkLost(ctx context.Context, p privateGetter, state *userInviteResourceModel) bool {
	return state.InviteLink.IsNull() && state.Status.ValueString() == client.InviteStatusPending && secretLost(ctx, p)
}

func createInviteHint(err error, email string) string {
	switch {
	case errors.Is(err, client.ErrConflict):
		return fmt.Sprintf("Portkey refuses an invite to someone who is already an organisation user, and a second "+
			"pending invite to the same address. If %[1]s is a user already, manage them with portkey_user and "+
			"portkey_workspace_member. If an invite to %[1]s is pending, import it with "+
			"`terraform import <address> %[1]s`, or delete it in Portkey.", email)
	case errors.Is(err, client.ErrNotFound):
		return "A workspace in `workspaces` does not exist in the organisation: check each id."
	}
	return ""
}

func (r *userInviteResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userInviteResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// With bulk reads, a listing may answer (bulk_reads.go).
	inv, err := r.client.ReadUserInvite(ctx, state.ID.ValueString(), userInviteListedCompleter(ctx, req.Private))
	version := ""
	if inv != nil {
		version = inv.ExpiresAt
	}
	if readPredatesWrite(ctx, req, resp, err, version, "the invite to "+state.Email.ValueString(), idIdentity{ID: state.ID}) {
		return
	}
	if errors.Is(err, client.ErrNotFound) {
		r.readGone(ctx, &state, resp)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read User Invite", err, "")
		return
	}
	resp.Diagnostics.Append(r.fill(ctx, &state, inv)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, idIdentity{ID: state.ID})...)
	if !inv.FromListing {
		setReadVersion(ctx, resp.Private, inv.ExpiresAt, &resp.Diagnostics)
	}
}

// readGone handles an invite Portkey no longer has: if its email now belongs
// to an organisation user, the invite was accepted (and its record removed)
// and stays in state as accepted; otherwise it is gone and the plan re-creates
// it.
func (r *userInviteResource) readGone(ctx context.Context, state *userInviteResourceModel, resp *resource.ReadResponse) {
	if state.Email.IsNull() || state.Email.ValueString() == "" {
		removeResource(ctx, resp, idIdentity{ID: state.ID})
		return
	}
	_, err := r.client.FindUserByEmail(ctx, state.Email.ValueString())
	switch {
	case errors.Is(err, client.ErrNotFound):
		removeResource(ctx, resp, idIdentity{ID: state.ID})
	case err != nil:
		addAPIError(&resp.Diagnostics, "Read User Invite", err, fmt.Sprintf("The invite %s no longer exists; "+
			"checking whether %s joined the organisation failed.", state.ID.ValueString(), state.Email.ValueString()))
	default:
		state.Status = types.StringValue(client.InviteStatusAccepted)
		if state.ReinviteWhenExpired.IsNull() {
			state.ReinviteWhenExpired = types.BoolValue(false)
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, idIdentity{ID: state.ID})...)
	}
}

func (r *userInviteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userInviteResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only resend_trigger, reinvite_when_expired, the letter case of email and
	// an imported invite's first scopes change in place (everything else
	// replaces the invite), and only a resend calls the API.
	plan.ID, plan.Status, plan.InviteLink = state.ID, state.Status, state.InviteLink
	plan.InvitedBy, plan.CreatedAt, plan.ExpiresAt, plan.AcceptedAt = state.InvitedBy, state.CreatedAt, state.ExpiresAt, state.AcceptedAt
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, idIdentity{ID: state.ID})...)

	if resendWanted(state.ResendTrigger, plan.ResendTrigger, state.Status) || inviteLinkLost(ctx, req.Private, &state) {
		link, err := repeatWhileAmbiguous(ctx, r.client, func(ctx context.Context) (string, error) {
			return r.client.ResendUserInvite(ctx, state.ID.ValueString())
		})
		if err != nil {
			hint := ""
			if errors.Is(err, client.ErrNotFound) {
				hint = "The invite no longer exists in Portkey. Refresh, and the next plan re-creates it or marks it accepted."
			} else if client.IsCode(err, "AB01") {
				hint = "Portkey re-sends only pending invites; this one may have just expired or been accepted. Refresh and plan again."
			}
			addAPIError(&resp.Diagnostics, "Resend User Invite", err, hint)
			return
		}
		plan.InviteLink = types.StringValue(link)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("invite_link"), plan.InviteLink)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretLost, nil)...)
		// Wait until Portkey's reads show the re-send: it moves expires_at.
		inv, settled, err := settle(ctx, r.settle, func(ctx context.Context) (*client.UserInvite, error) {
			return r.client.GetUserInvite(ctx, state.ID.ValueString())
		}, func(inv *client.UserInvite, err error) bool {
			return err != nil || versionMoved(inv.ExpiresAt, state.ExpiresAt.ValueString()) || inv.Status != client.InviteStatusPending
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Read User Invite", err, "The invite was re-sent, but reading it back failed.")
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			return
		}
		resp.Diagnostics.Append(r.fill(ctx, &plan, inv)...)
		if !settled {
			// The link is new; expires_at is the last one Portkey showed.
			resp.Diagnostics.AddWarning("Portkey Does Not Show the Change Yet", fmt.Sprintf("Portkey re-sent the invite "+
				"to %s, but its reads did not show the new expiry within %s (Portkey's reads are eventually consistent). "+
				"Terraform recorded the new invite_link; expires_at is refreshed on the next plan.", plan.Email.ValueString(), r.settle.limit()))
			resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Updated: true, Version: inv.ExpiresAt})...)
		}
	} else if !plan.ResendTrigger.IsNull() && !plan.ResendTrigger.Equal(state.ResendTrigger) &&
		state.Status.ValueString() != client.InviteStatusPending {
		resp.Diagnostics.AddWarning("User Invite Not Re-sent",
			fmt.Sprintf("The invite to %s is %s, and Portkey re-sends only pending invites; the new resend_trigger "+
				"was recorded without re-sending.", state.Email.ValueString(), state.Status.ValueString()))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if !plan.Scopes.IsNull() {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyScopesUnknown, nil)...)
	}
}

func (r *userInviteResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userInviteResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Deleting an accepted invite removes only the invite record: the user it
	// brought in stays (portkey_user manages them).
	id := state.ID.ValueString()
	err := r.client.DeleteUserInvite(ctx, id)
	if err == nil {
		// Until Portkey's reads stop showing it, a new invite to the same
		// address (a replacement) could take the pending one just deleted for
		// its own when its create is ambiguous.
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.UserInvite, error) {
			return r.client.GetUserInvite(ctx, id)
		}, settledGone); !gone {
			warnDeleteUnsettled(&resp.Diagnostics, r.settle, "the invite to "+state.Email.ValueString())
		}
		return
	}
	if !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Delete User Invite", err, "")
	}
}

// ImportState accepts an invite id, or an email address (the newest invite
// to it), or an identity.
func (r *userInviteResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(importID(ctx, req, &resp.Diagnostics))
	if strings.Contains(id, "@") {
		// An invite created moments ago may not be listed yet.
		invites, _, err := settle(ctx, r.settle, func(ctx context.Context) ([]client.UserInvite, error) {
			return r.client.ListUserInvites(ctx, client.ListUserInvitesOptions{Email: id})
		}, func(invites []client.UserInvite, err error) bool {
			return err != nil || newestUserInvite(invites, id) != nil
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Import User Invite", err, "")
			return
		}
		newest := newestUserInvite(invites, id)
		if newest == nil {
			resp.Diagnostics.AddError("Unable to Import User Invite",
				fmt.Sprintf("Portkey has no invite to %s. Check the address, or import by invite id.", id))
			return
		}
		id = newest.ID
	}
	if id == "" {
		resp.Diagnostics.AddError("Unable to Import User Invite", "The import ID must be an invite id or an email address.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateKeyScopesUnknown, []byte("true"))...)
	// An invite created moments ago may not be readable yet.
	importSettled(ctx, r.settle, func(ctx context.Context) error { _, err := r.client.GetUserInvite(ctx, id); return err })
}

func (m userInviteResourceModel) toCreateRequest(ctx context.Context) (client.CreateUserInviteRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := client.CreateUserInviteRequest{Email: m.Email.ValueString(), Role: m.Role.ValueString()}
	var ws []userInviteWorkspaceModel
	if !m.Workspaces.IsNull() { // unset: no workspaces field at all (the default workspace only)
		diags.Append(m.Workspaces.ElementsAs(ctx, &ws, false)...)
	}
	for _, w := range ws {
		req.Workspaces = append(req.Workspaces, client.UserInviteWorkspaceInput{ID: w.ID.ValueString(), Role: w.Role.ValueString()})
	}
	if !m.Scopes.IsNull() {
		var scopes []string
		diags.Append(m.Scopes.ElementsAs(ctx, &scopes, false)...)
		req.WorkspaceAPIKeyDetails = &client.UserInviteAPIKeyDetails{Scopes: scopes}
	}
	return req, diags
}

// fill refreshes m from the API's invite: every attribute GET returns. The
// API never returns scopes, resend_trigger or the link, so those keep m's
// values; workspaces keep the configuration's spelling of each id. An answer
// without a usable grant (workspaces absent, empty, or entries without an
// id: the field is not in the spec's schema, API-NOTES.md 9.9) reports
// nothing, and m's value stays: an invite created without workspaces stays
// null, and one created with them keeps them rather than reading as "no
// workspaces" and being replaced on every apply.
func (r *userInviteResource) fill(ctx context.Context, m *userInviteResourceModel, inv *client.UserInvite) diag.Diagnostics {
	var diags diag.Diagnostics
	data, d := userInviteDataFromAPI(ctx, inv)
	diags.Append(d...)
	m.ID, m.Email, m.Role, m.Status = data.ID, data.Email, data.Role, data.Status
	m.InvitedBy, m.CreatedAt, m.ExpiresAt, m.AcceptedAt = data.InvitedBy, data.CreatedAt, data.ExpiresAt, data.AcceptedAt
	if len(userInviteWorkspacesFromAPI(inv.Workspaces)) > 0 {
		ws, d := matchInviteWorkspaces(ctx, r.client, m.Workspaces, inv.Workspaces)
		diags.Append(d...)
		m.Workspaces = ws
	} else if m.Workspaces.IsUnknown() {
		m.Workspaces = types.SetNull(userInviteWorkspaceObjectType)
	}
	if m.Scopes.IsUnknown() {
		m.Scopes = types.SetNull(types.StringType)
	}
	if m.InviteLink.IsUnknown() {
		m.InviteLink = types.StringNull()
	}
	if m.ReinviteWhenExpired.IsNull() || m.ReinviteWhenExpired.IsUnknown() {
		m.ReinviteWhenExpired = types.BoolValue(false)
	}
	return diags
}
