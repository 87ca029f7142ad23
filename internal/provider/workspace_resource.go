package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*workspaceResource)(nil)
	_ resource.ResourceWithImportState = (*workspaceResource)(nil)
	_ resource.ResourceWithIdentity    = (*workspaceResource)(nil)
	_ resource.ResourceWithMoveState   = (*workspaceResource)(nil)
)

// privateDefaultsKey holds the workspace "defaults" this resource does not
// manage, so that a PUT (which replaces defaults whole) keeps them.
// privateDefaultsUnreadKey marks a refresh answered from the workspaces list
// (bulk reads), which does not show those defaults: Update then reads them
// with a GET before its PUT (keptDefaults).
const (
	privateDefaultsKey       = "unmanaged_defaults"
	privateDefaultsUnreadKey = "unmanaged_defaults_unread"
)

const workspaceDependentsHint = "The workspace still has dependents (virtual keys, configs, prompts…) created outside " +
	"Terraform. Delete them in Portkey, then run the destroy (or apply) again. Or, to delete them with the workspace " +
	"(irrecoverably), set force_destroy = true, apply, and destroy again."

const workspaceForcedDependentsHint = "Portkey refused the delete although force_destroy = true asked it to delete the " +
	"workspace's dependents too: some could not be deleted for you. Delete what remains in the workspace in Portkey, " +
	"then run the destroy (or apply) again."

// NewWorkspaceResource returns the portkey_workspace resource.
func NewWorkspaceResource() resource.Resource { return &workspaceResource{} }

type workspaceResource struct {
	client *client.Client
	settle settler
}

// workspaceResourceModel is the resource's state: the workspace
// (workspaceModel, workspace_models.go, shared with the data sources) and
// force_destroy, which only the resource has and no API call returns.
type workspaceResourceModel struct {
	workspaceModel
	ForceDestroy types.Bool `tfsdk:"force_destroy"`
}

func (r *workspaceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (r *workspaceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Portkey workspace: its name, description, icon, metadata, usage limits and rate " +
			"limits. Deleting it sends the workspace's name as the API's confirmation, and fails with an explanation " +
			"while objects created outside Terraform (virtual keys, configs, prompts) remain in it, unless " +
			"`force_destroy` is `true`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The workspace's UUID, assigned by Portkey.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"slug": schema.StringAttribute{
				MarkdownDescription: "The workspace's slug (such as `ws-produc-1a2b3c`), assigned by Portkey on creation and " +
					"never changed. Most Portkey APIs accept it in place of the id.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The workspace's name. Required; it must not be blank. Changing it renames the " +
					"workspace in place. The name is shown without the icon that Portkey's API prepends to it. A name " +
					"that starts with an emoji, such as `\"🎯 Ops\"`, with no `icon` is kept as written, although " +
					"Portkey stores the emoji as the workspace's icon (see `icon`).",
				Required:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "A description of the workspace. Optional, with no default; removing it from the " +
					"configuration clears it in Portkey. It must not be empty (omit it instead).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"icon": schema.StringAttribute{
				MarkdownDescription: "An emoji shown with the workspace's name, such as `\"🚀\"`. Optional, with no default; " +
					"removing it from the configuration clears it in Portkey. It must not be empty (omit it instead). " +
					"Portkey shows a workspace as `<icon> <name>`, and the provider compares `name` and `icon` the same " +
					"way: `name = \"🎯 Ops\"` without an icon and `name = \"Ops\"` with `icon = \"🎯\"` are the same " +
					"workspace name, and either spelling plans no change once applied (Portkey moves a leading emoji " +
					"into its icon when it creates a workspace without one). An import cannot see the configuration and " +
					"reads the second spelling: a configuration written the first way then plans one in-place update " +
					"of `name` and `icon`, which leaves the name Portkey shows unchanged.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"metadata": schema.MapAttribute{
				MarkdownDescription: "String key/value pairs stored as the workspace's default metadata (`defaults.metadata`), " +
					"attached to requests made in the workspace. Optional, with no default; removing it clears it. It must " +
					"not be an empty map (omit it instead). Other workspace defaults (guardrails, the user key config) are " +
					"not managed here and are kept unchanged on update.",
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Map{mapvalidator.SizeAtLeast(1)},
			},
			"usage_limits": schema.ListNestedAttribute{
				MarkdownDescription: "Usage (budget) limits of the workspace. Optional, with no default; removing the " +
					"attribute clears every usage limit in Portkey. It must not be an empty list (omit it instead).",
				Optional:     true,
				Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: usageLimitAttributes()},
			},
			"rate_limits": schema.ListNestedAttribute{
				MarkdownDescription: "Rate limits of the workspace. Optional, with no default; removing the attribute " +
					"clears every rate limit in Portkey. It must not be an empty list (omit it instead).",
				Optional:     true,
				Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: rateLimitAttributes()},
			},
			"organisation_id": schema.StringAttribute{
				MarkdownDescription: "The UUID of the organisation the workspace belongs to.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"is_default": schema.BoolAttribute{
				MarkdownDescription: "Whether this is the organisation's default workspace (\"Shared Team Workspace\").",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the workspace was created (RFC 3339, as Portkey reports it).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the workspace was last changed (RFC 3339, as Portkey reports it).",
				Computed:            true,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "When `true`, destroying the workspace also deletes everything in it that " +
					"Terraform does not manage: virtual keys, configs, prompts, API keys and memberships created in " +
					"Portkey's app or by other tools (the provider sends Portkey's `force_delete`). **This cannot be " +
					"undone.** When `false` (the default), Portkey refuses to delete a workspace that still has such " +
					"dependents, and the destroy fails with an explanation. The value takes effect from state: set it, " +
					"apply, then destroy. Changing it calls no API. An imported workspace starts with `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}

func usageLimitAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"type": schema.StringAttribute{
			MarkdownDescription: "What the limit counts: `cost` (US dollars) or `tokens`. Required.",
			Required:            true,
			Validators:          []validator.String{stringvalidator.OneOf("cost", "tokens")},
		},
		"credit_limit": schema.Float64Attribute{
			MarkdownDescription: "The limit, in dollars for `cost` or in tokens for `tokens`. Decimals are allowed; it " +
				"must be at least 1. Optional, with no default.",
			Optional:   true,
			Validators: []validator.Float64{float64validator.AtLeast(1)},
		},
		"alert_threshold": schema.Float64Attribute{
			MarkdownDescription: "Usage, in the limit's unit, at which Portkey sends an alert. Decimals are allowed; it " +
				"must be at least 1. Optional, with no default.",
			Optional:   true,
			Validators: []validator.Float64{float64validator.AtLeast(1)},
		},
		"periodic_reset": schema.StringAttribute{
			MarkdownDescription: "Resets usage on a calendar schedule: `monthly` or `weekly`. Optional, with no default " +
				"(no reset). Conflicts with `periodic_reset_days`.",
			Optional: true,
			Validators: []validator.String{
				stringvalidator.OneOf("monthly", "weekly"),
				stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("periodic_reset_days")),
			},
		},
		"periodic_reset_days": schema.Int64Attribute{
			MarkdownDescription: "Resets usage every this many days, from 1 to 365. Optional, with no default (no reset). " +
				"Conflicts with `periodic_reset`.",
			Optional:   true,
			Validators: []validator.Int64{int64validator.Between(1, 365)},
		},
	}
}

func rateLimitAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"type": schema.StringAttribute{
			MarkdownDescription: "What the limit counts: `requests` or `tokens`. Required.",
			Required:            true,
			Validators:          []validator.String{stringvalidator.OneOf("requests", "tokens")},
		},
		"unit": schema.StringAttribute{
			MarkdownDescription: "The window: `rpm` (per minute), `rph` (per hour) or `rpd` (per day). Required.",
			Required:            true,
			Validators:          []validator.String{stringvalidator.OneOf("rpm", "rph", "rpd")},
		},
		"value": schema.Int64Attribute{
			MarkdownDescription: "How many requests or tokens the window allows; at least 1. Required.",
			Required:            true,
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
	}
}

// IdentitySchema: a workspace is identified by its UUID (identity.go).
func (r *workspaceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The workspace's UUID.")
}

func (r *workspaceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

func (r *workspaceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan workspaceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	name := plan.Name.ValueString()
	created, adopted, err := createRecovery[*client.Workspace]{
		client: r.client, what: fmt.Sprintf("workspace %q", name),
		send: func(ctx context.Context) (*client.Workspace, error) { return r.client.CreateWorkspace(ctx, body) },
		find: func(ctx context.Context, since time.Time) (*client.Workspace, bool, error) {
			return r.findCreated(ctx, &plan.workspaceModel, since)
		},
	}.run(ctx)
	if err != nil {
		addCreateError(&resp.Diagnostics, "Create Workspace", fmt.Sprintf("the workspace %q", name), err, "")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), created.ID)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(created.ID))...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Portkey's reads may not show the new workspace yet: wait for it.
	ws, found, err := settle(ctx, r.settle, func(ctx context.Context) (*client.Workspace, error) {
		return r.client.GetWorkspace(ctx, created.ID)
	}, settledFound)
	switch {
	case !found:
		setTrustedState(ctx, req.Plan, nil, &resp.State, &resp.Diagnostics, r.settle, "workspace "+created.ID)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), created.ID)...)
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Created: true})...)
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Read Workspace", err, fmt.Sprintf("The workspace was created (id %s) "+
			"but could not be read back; Terraform marked it tainted. Apply again to replace it.", created.ID))
		return
	}
	state := workspaceResourceModel{ForceDestroy: plan.ForceDestroy}
	resp.Diagnostics.Append(state.fill(ctx, ws)...)
	state.keepSpelling(&plan.workspaceModel)
	if !adopted || state.managedEqual(ctx, &plan.workspaceModel) {
		resp.Diagnostics.Append(setPrivateDefaults(ctx, resp.Private, ws)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	// The adopted workspace differs from the configuration: bring it in line.
	plan.ID = state.ID
	r.update(ctx, &plan, parseUnmanagedDefaults(unmanagedDefaults(ws)), ws.LastUpdatedAt, req.Plan, &resp.State, resp.Private, &resp.Diagnostics)
}

// findCreated looks for the workspace an ambiguously failed create may have
// made: its name as the plan writes it (namedAs), created since the first
// attempt started (less createClockSkew), so that an older workspace of the
// same name is never adopted. Portkey's lists may not show a new workspace
// yet: it looks until one does, within the settle timeout. It returns the
// one match; several are a *manyCreatedError.
func (r *workspaceResource) findCreated(ctx context.Context, plan *workspaceModel, since time.Time) (*client.Workspace, bool, error) {
	name, icon := plan.Name.ValueString(), plan.Icon.ValueStringPointer()
	var matches []client.Workspace
	_, _, err := settle(ctx, r.settle, func(ctx context.Context) ([]client.Workspace, error) {
		found, err := r.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{ExactName: name})
		if err == nil && icon == nil && !startsAlphanumeric(name) && !anyNamed(found, name, icon) {
			// Portkey may have stored the name without its leading emoji
			// (API-NOTES.md 11.5), which the exact-name filter then misses.
			found, err = r.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
		}
		matches = nil
		for _, ws := range found {
			created, perr := time.Parse(time.RFC3339, ws.CreatedAt)
			if namedAs(ws, name, icon) && perr == nil && !created.Before(since.Add(-createClockSkew)) {
				matches = append(matches, ws)
			}
		}
		return found, err
	}, func(_ []client.Workspace, err error) bool { return err != nil || len(matches) > 0 })
	switch {
	case err != nil:
		return nil, false, err
	case len(matches) == 0:
		return nil, false, nil
	case len(matches) == 1:
		return &matches[0], true, nil
	}
	ids := make([]string, len(matches))
	for i, ws := range matches {
		ids[i] = ws.ID
	}
	return nil, false, &manyCreatedError{IDs: ids}
}

// namedAs reports whether a workspace has the name a configuration writes:
// the same plain name whatever its icon (an adopted workspace is then
// updated to the configured icon), or the same name as Portkey shows it
// ("🎯 Ops" written without an icon, stored as "Ops" with the icon "🎯").
func namedAs(ws client.Workspace, name string, icon *string) bool {
	return ws.PlainName() == name || sameDisplayName(name, icon, ws.PlainName(), ws.Icon)
}

// anyNamed reports whether one of the workspaces has the name as written.
func anyNamed(found []client.Workspace, name string, icon *string) bool {
	for _, ws := range found {
		if namedAs(ws, name, icon) {
			return true
		}
	}
	return false
}

// startsAlphanumeric reports whether name starts with a letter or a digit,
// i.e. not with an emoji Portkey could move into the icon.
func startsAlphanumeric(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (r *workspaceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state workspaceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ref := state.ID.ValueString()
	ws, err := r.client.ReadWorkspace(ctx, ref)
	if err == nil && ws.FromListing && listingPredatesState(ws.LastUpdatedAt, state.UpdatedAt.ValueString()) {
		ws, err = r.client.GetWorkspace(ctx, ref) // the listing trails the state (bulk_reads.go)
	}
	version := ""
	if ws != nil {
		version = ws.LastUpdatedAt
	}
	if readPredatesWrite(ctx, req, resp, err, version, "workspace "+ref, newIDIdentity(ref)) {
		return
	}
	if err != nil {
		gone, listErr := errors.Is(err, client.ErrNotFound), error(nil)
		if errors.Is(err, client.ErrForbidden) {
			gone, listErr = workspaceGone(ctx, r.client, ref)
		}
		if gone {
			tflog.Warn(ctx, "The workspace no longer exists; removing it from state", map[string]any{"id": ref})
			removeResource(ctx, resp, newIDIdentity(ref))
			return
		}
		if errors.Is(err, client.ErrForbidden) {
			addAPIErrorOwnHint(&resp.Diagnostics, "Read Workspace", err, workspaceForbiddenHint(err, listErr))
			return
		}
		addAPIError(&resp.Diagnostics, "Read Workspace", err, "")
		return
	}
	// force_destroy is in state only; state written by an import, by an
	// older version or by Portkey's own provider lacks it: false.
	fresh := workspaceResourceModel{ForceDestroy: types.BoolValue(state.ForceDestroy.ValueBool())}
	resp.Diagnostics.Append(fresh.fill(ctx, ws)...)
	fresh.keepSpelling(&state.workspaceModel)
	resp.Diagnostics.Append(setPrivateDefaults(ctx, resp.Private, ws)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &fresh)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(ws.ID))...)
}

// workspaceForbiddenHint is the one paragraph of advice for a workspace read
// that answered 403 although the workspace was not confirmed gone: the list
// still shows it (listErr nil), or could not be read (listErr).
func workspaceForbiddenHint(err, listErr error) string {
	if listErr != nil {
		return "Portkey answers 403 for a workspace deleted outside Terraform, but the workspaces list that would " +
			"confirm a deletion could not be read either (" + describeAPIError(listErr) + "), so the workspace stays " +
			"in state. " + forbiddenHint(err, false) + " Listing workspaces needs the workspaces.list scope."
	}
	return "The workspace is still listed in the organisation, so this is not a deletion. " + forbiddenHint(err, false)
}

// workspaceGone is the second signal a 403 needs before it counts as
// "deleted" (the API answers 403 for workspaces deleted out of band;
// API-NOTES.md 1.5): the workspace reference (UUID or slug) is absent from the
// organisation's list, or listed as archived. When the list cannot be read,
// the 403 is not treated as gone and the list's error is returned. Workspaces,
// members, invites and API keys all confirm a workspace's deletion with it.
func workspaceGone(ctx context.Context, c *client.Client, ref string) (bool, error) {
	all, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		tflog.Warn(ctx, "Could not list workspaces to confirm a 403", map[string]any{"workspace": ref, "error": err.Error()})
		return false, err
	}
	for _, ws := range all {
		if strings.EqualFold(ws.ID, ref) || ws.Slug == ref {
			return ws.Status == "archived", nil
		}
	}
	return true, nil
}

func (r *workspaceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state workspaceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.managedEqual(ctx, &plan.workspaceModel) && state.Name.Equal(plan.Name) && state.Icon.Equal(plan.Icon) {
		// Only force_destroy changed (managedEqual alone takes "🎯 Ops" and
		// "Ops" with the icon 🎯 for the same name: a respelling is an update): it lives in state, and no API call is needed.
		state.ForceDestroy = plan.ForceDestroy
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(state.ID.ValueString()))...)
		return
	}
	kept, diags := r.keptDefaults(ctx, req.Private, state.ID.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	r.update(ctx, &plan, kept, state.UpdatedAt.ValueString(), req.Plan, &resp.State, resp.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(plan.ID.ValueString()))...)
}

// privateSetter is the part of the private state a response exposes.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// update PUTs the desired object, waits until Portkey's reads show it (the
// planned values, or a version other than prior, the updated_at the write
// started from), and sets state from the read-back; past the settle timeout
// it records the planned values (settle.go). plannedRaw is the plan as
// Terraform sent it, for that case.
func (r *workspaceResource) update(ctx context.Context, plan *workspaceResourceModel, kept *client.WorkspaceDefaults, prior string,
	plannedRaw tfsdk.Plan, state *tfsdk.State, private privateSetter, diags *diag.Diagnostics) {
	id := plan.ID.ValueString()
	body, d := plan.toUpdateRequest(ctx, kept)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if err := r.client.UpdateWorkspace(ctx, id, body); err != nil {
		const deleted = "If the workspace was deleted outside Terraform, run terraform plan again: Terraform will plan to create it."
		switch {
		case errors.Is(err, client.ErrNotFound):
			addAPIError(diags, "Update Workspace", err, deleted)
		case errors.Is(err, client.ErrForbidden):
			// A 403 is a deletion only if the list confirms it: then say
			// just that; else the scope advice, which mentions deletion.
			if gone, goneErr := workspaceGone(ctx, r.client, id); goneErr == nil && gone {
				addAPIErrorOwnHint(diags, "Update Workspace", err, "The organisation no longer lists the workspace: "+
					"Portkey answers 403 for a deleted workspace. "+deleted)
			} else {
				addAPIError(diags, "Update Workspace", err, "")
			}
		default:
			addAPIError(diags, "Update Workspace", err, "")
		}
		return
	}
	ws, settled, err := settle(ctx, r.settle, func(ctx context.Context) (*client.Workspace, error) { return r.client.GetWorkspace(ctx, id) },
		func(ws *client.Workspace, err error) bool {
			if err != nil {
				return true
			}
			var got workspaceModel
			return versionMoved(ws.LastUpdatedAt, prior) || (!got.fill(ctx, ws).HasError() && got.managedEqual(ctx, &plan.workspaceModel))
		})
	if err != nil {
		addAPIError(diags, "Read Workspace", err, "The workspace was updated but could not be read back. Run terraform apply again.")
		return
	}
	fresh := workspaceResourceModel{ForceDestroy: plan.ForceDestroy}
	diags.Append(fresh.fill(ctx, ws)...)
	fresh.keepSpelling(&plan.workspaceModel)
	// The defaults this resource does not manage: the PUT kept them.
	diags.Append(setPrivateDefaults(ctx, private, ws)...)
	if !settled {
		setTrustedState(ctx, plannedRaw, &fresh, state, diags, r.settle, "workspace "+id)
		diags.Append(state.SetAttribute(ctx, path.Root("id"), id)...)
		diags.Append(setSettleMark(ctx, private, settleMark{Updated: true, Version: ws.LastUpdatedAt})...)
		return
	}
	diags.Append(state.Set(ctx, &fresh)...)
}

func (r *workspaceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workspaceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, force := state.ID.ValueString(), state.ForceDestroy.ValueBool()
	err := deleteWorkspaceConfirmed(ctx, r.client, id, state.Name.ValueString(), force)
	if err == nil {
		// Until Portkey's reads stop showing it, a create of the same name
		// could take it for its own (settle.go).
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.Workspace, error) {
			return r.client.GetWorkspace(ctx, id)
		}, settledGone); !gone {
			warnDeleteUnsettled(&resp.Diagnostics, r.settle, "workspace "+id)
		}
		return
	}
	if errors.Is(err, client.ErrForbidden) && r.goneAfterForbiddenDelete(ctx, id, err) {
		return
	}
	switch {
	case err == nil, errors.Is(err, client.ErrNotFound):
		return
	case errors.Is(err, client.ErrConflict) && force:
		addAPIError(&resp.Diagnostics, "Delete Workspace", err, workspaceForcedDependentsHint)
	case errors.Is(err, client.ErrConflict):
		addAPIError(&resp.Diagnostics, "Delete Workspace", err, workspaceDependentsHint)
	default:
		addAPIError(&resp.Diagnostics, "Delete Workspace", err, "")
	}
}

// goneAfterForbiddenDelete reports whether a delete answered 403 because the
// workspace is gone (Portkey's answer for a deleted workspace). When the
// delete was sent more than once, an earlier attempt may have deleted it with
// its answer lost, and Portkey's reads may not show that yet: the check is
// repeated until they do, within the settle timeout (settle.go). A 403 to a
// single attempt is checked once.
func (r *workspaceResource) goneAfterForbiddenDelete(ctx context.Context, id string, err error) bool {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts <= 1 {
		gone, _ := workspaceGone(ctx, r.client, id)
		return gone
	}
	_, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (bool, error) { return workspaceGone(ctx, r.client, id) },
		func(gone bool, err error) bool { return err == nil && gone })
	return gone
}

// deleteWorkspaceConfirmed deletes with the name as the API's confirmation,
// and with force_delete (everything in the workspace goes too) when force is
// set. When the API rejects the name (400 AB01: renamed outside Terraform
// without a refresh, or an API that wants the "<icon> <name>" form), it
// retries once with each form of the current name.
func deleteWorkspaceConfirmed(ctx context.Context, c *client.Client, id, name string, force bool) error {
	del := c.DeleteWorkspace
	if force {
		del = c.ForceDeleteWorkspace
	}
	err := del(ctx, id, name)
	if !client.IsCode(err, "AB01") {
		return err
	}
	ws, getErr := c.GetWorkspace(ctx, id)
	if getErr != nil {
		return err
	}
	for _, current := range []string{ws.PlainName(), ws.Name} {
		if current == name {
			continue
		}
		name = current
		if err = del(ctx, id, current); !client.IsCode(err, "AB01") {
			return err
		}
	}
	return err
}

// ImportState takes the workspace's UUID or slug, as an import ID or as an
// identity's id; Read resolves a slug to the UUID.
func (r *workspaceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
	var id string
	if resp.Diagnostics.HasError() || resp.State.GetAttribute(ctx, path.Root("id"), &id).HasError() {
		return
	}
	// A workspace created moments ago may not be readable yet.
	importSettled(ctx, r.settle, func(ctx context.Context) error { _, err := r.client.GetWorkspace(ctx, id); return err })
}
