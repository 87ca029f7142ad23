package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure        = (*organizationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*organizationResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*organizationResource)(nil)
	_ resource.ResourceWithImportState      = (*organizationResource)(nil)
	_ resource.ResourceWithIdentity         = (*organizationResource)(nil)
)

// NewOrganizationResource manages the organisation-wide settings of the
// organisation the provider's API key belongs to: its default guardrails.
func NewOrganizationResource() resource.Resource { return &organizationResource{} }

type organizationResource struct {
	client *client.Client
	settle settler
}

type organizationResourceModel struct {
	ID               types.String `tfsdk:"id"`
	InputGuardrails  types.Set    `tfsdk:"input_guardrails"`
	OutputGuardrails types.Set    `tfsdk:"output_guardrails"`
	ManagedLists     types.Set    `tfsdk:"managed_lists"`
}

func (r *organizationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (r *organizationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	guardrails := func(direction, checks string) schema.SetAttribute {
		return schema.SetAttribute{
			MarkdownDescription: "The organisation's default " + direction + " guardrails, by id or slug: Portkey runs " +
				"them on the " + checks + " of every workspace not excluded from them (see " +
				"`portkey_organization_guardrail_exclusion`). Only organisation guardrails are accepted; a workspace " +
				"guardrail is refused at apply. A guardrail named by its id or by its slug is the same guardrail, and " +
				"respelling one plans no change. `[]` clears the list. Left out, the list is not managed: it is read and " +
				"shown as Portkey has it, never changed, and destroying the resource leaves it as it is.",
			ElementType: types.StringType,
			Optional:    true,
			Computed:    true,
			Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			PlanModifiers: []planmodifier.Set{
				setplanmodifier.UseStateForUnknown(),
				sameGuardrailsAsState{},
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the organisation-wide defaults of the Portkey organisation the provider's API key " +
			"belongs to: its default input and output guardrails. There is one organisation per API key, so this is a " +
			"singleton: declare it once. Creating it adopts the organisation and applies the configured lists; " +
			"destroying it clears the lists it manages and **never deletes the organisation**.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The organisation's id (a UUID), as workspaces and API keys carry it in `organisation_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			attrInputGuardrails:  guardrails("input", "requests"),
			attrOutputGuardrails: guardrails("output", "responses"),
			"managed_lists": schema.SetAttribute{
				MarkdownDescription: "The lists this resource manages: `input_guardrails`, `output_guardrails` or both, " +
					"those the configuration sets (after an import, both until the next apply). Destroying the resource " +
					"clears these lists and leaves the others as they are.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

// IdentitySchema: the organisation is identified by its id (identity.go).
func (r *organizationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The organisation's id.")
}

func (r *organizationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

func (r *organizationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.AtLeastOneOf(path.MatchRoot(attrInputGuardrails), path.MatchRoot(attrOutputGuardrails)),
	}
}

// ModifyPlan plans managed_lists from the configuration, and refuses a
// second portkey_organization planned with the same provider configuration
// (see organizationPlans).
func (r *organizationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if r.client != nil {
		instance := ""
		if !req.State.Raw.IsNull() {
			raw, diags := req.Private.GetKey(ctx, privateInstanceKey)
			resp.Diagnostics.Append(diags...)
			instance = string(raw)
		}
		if organizationPlans.seen(r.client, instance) {
			resp.Diagnostics.AddError("More Than One portkey_organization", "This configuration declares more than one "+
				"portkey_organization for the same provider configuration. There is one organisation per API key and "+
				"each of these resources would manage its defaults, overwriting the others and clearing them on destroy. "+
				"Keep one portkey_organization (for instances of a module, declare it outside the module), or give each "+
				"its own provider configuration with another organisation's API key.")
			return
		}
	}
	var cfg, plan organizationResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var diags diag.Diagnostics
	plan.ManagedLists, diags = stringSet(ctx, cfg.managed())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// managed returns the lists a configuration sets.
func (m *organizationResourceModel) managed() []string {
	var out []string
	if !m.InputGuardrails.IsNull() {
		out = append(out, attrInputGuardrails)
	}
	if !m.OutputGuardrails.IsNull() {
		out = append(out, attrOutputGuardrails)
	}
	return out
}

// Create adopts the organisation of the API key and sets the configured
// lists. No ID is written before the lists are set: the organisation exists
// whatever happens, and a failed PUT changed nothing.
func (r *organizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, err := lookupOrganisationID(ctx, r.client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Create Organization", err, organisationLookupHint(err))
		return
	}
	plan.ID = types.StringValue(orgID)
	resp.Diagnostics.Append(r.apply(ctx, &plan, nil, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateInstanceKey, newInstanceToken())...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(orgID))...)
}

// Read makes one request: GET /admin/organisation/defaults. The
// organisation itself cannot vanish, so nothing is ever removed from state.
func (r *organizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	d, err := r.client.GetOrganisationDefaults(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Organization", err, defaultsAccessHint(err, "read"))
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, d)...)
	resp.Diagnostics.Append(storeGuardrailNames(ctx, resp.Private, d)...)
	if raw, diags := req.Private.GetKey(ctx, privateInstanceKey); !diags.HasError() && len(raw) == 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateInstanceKey, newInstanceToken())...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(state.ID.ValueString()))...)
}

func (r *organizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(r.apply(ctx, &plan, &state, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(plan.ID.ValueString()))...)
}

// apply PUTs the managed lists that differ from state (every managed list on
// create, when state is nil), waits until a read shows them, and completes
// plan: a managed list keeps its planned spelling, an unmanaged one is what
// Portkey has (on create) or what was planned (on update).
func (r *organizationResource) apply(ctx context.Context, plan, state *organizationResourceModel, private privateSetter) diag.Diagnostics {
	var diags diag.Diagnostics
	var body client.UpdateOrganisationDefaultsRequest
	want := map[string][]string{}
	for _, attr := range []string{attrInputGuardrails, attrOutputGuardrails} {
		planned := plan.list(attr)
		if !setContains(plan.ManagedLists, attr) || planned.IsNull() || planned.IsUnknown() ||
			(state != nil && planned.Equal(state.list(attr))) {
			continue
		}
		values, d := setStrings(ctx, planned)
		diags.Append(d...)
		want[attr] = values
		if attr == attrInputGuardrails {
			body.InputGuardrails = &values
		} else {
			body.OutputGuardrails = &values
		}
	}
	unknown := plan.InputGuardrails.IsUnknown() || plan.OutputGuardrails.IsUnknown()
	if diags.HasError() || (len(want) == 0 && !unknown) {
		return diags
	}
	if len(want) > 0 {
		action := "Update Organization"
		if state == nil {
			action = "Create Organization"
		}
		if err := r.client.UpdateOrganisationDefaults(ctx, body); err != nil {
			addAPIError(&diags, action, err, defaultsAccessHint(err, "update"))
			return diags
		}
	}
	d, settled, err := awaitOrganisationDefaults(ctx, r.client, r.settle, want)
	if err != nil {
		addAPIError(&diags, "Read Organization", err, "The default guardrails were set but could not be read back. Run "+
			"terraform apply again: setting them again is harmless.")
		return diags
	}
	if !settled {
		tflog.Warn(ctx, "The organisation defaults read back do not show the update yet; the state keeps the planned "+
			"lists and the next refresh reconciles them", map[string]any{"lists": fmt.Sprint(want)})
	}
	for _, attr := range []string{attrInputGuardrails, attrOutputGuardrails} {
		if plan.list(attr).IsUnknown() { // on create, an unmanaged list: as Portkey has it
			v, dd := stringSet(ctx, spell(defaultsList(d, attr), nil))
			diags.Append(dd...)
			plan.setList(attr, v)
		}
	}
	diags.Append(storeGuardrailNames(ctx, private, d)...)
	return diags
}

// awaitOrganisationDefaults reads the defaults until every list of want
// shows the guardrails it names (see awaitRead). It returns the last read and
// whether it showed want.
func awaitOrganisationDefaults(ctx context.Context, c *client.Client, s settler, want map[string][]string) (*client.OrganisationDefaults, bool, error) {
	return awaitRead(ctx, s, c.GetOrganisationDefaults, func(d *client.OrganisationDefaults) bool {
		names := newGuardrailNames(d.InputGuardrails, d.OutputGuardrails)
		for attr, values := range want {
			got := make([]string, 0, len(defaultsList(d, attr)))
			for _, r := range defaultsList(d, attr) {
				got = append(got, r.ID)
			}
			if !names.same(values, got) {
				return false
			}
		}
		return true
	})
}

// Delete clears the lists the resource manages (managed_lists). The
// organisation itself is never deleted.
func (r *organizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var body client.UpdateOrganisationDefaultsRequest
	if setContains(state.ManagedLists, attrInputGuardrails) {
		body.InputGuardrails = &[]string{}
	}
	if setContains(state.ManagedLists, attrOutputGuardrails) {
		body.OutputGuardrails = &[]string{}
	}
	if body.InputGuardrails == nil && body.OutputGuardrails == nil {
		return
	}
	if err := r.client.UpdateOrganisationDefaults(ctx, body); err != nil {
		addAPIError(&resp.Diagnostics, "Delete Organization", err, "Destroying portkey_organization clears the default "+
			"guardrails it manages; the organisation itself is never deleted. "+defaultsAccessHint(err, "update"))
	}
}

// ImportState takes the organisation id, as an import ID or an identity's
// id. It must be the id of the API key's organisation. The imported
// resource manages both lists until an apply records which ones the
// configuration sets.
func (r *organizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(importID(ctx, req, &resp.Diagnostics))
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, err := lookupOrganisationID(ctx, r.client)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Import Organization", err, organisationLookupHint(err))
		return
	}
	if !strings.EqualFold(id, orgID) {
		resp.Diagnostics.AddError("Unable to Import Organization", fmt.Sprintf("The import ID %q is not the id of the "+
			"organisation the provider's API key belongs to, %s. A portkey_organization manages the organisation of its "+
			"provider's API key: import it by that id (data.portkey_organization's id, or the organisation_id of any of "+
			"its workspaces), or configure the provider with an API key of organisation %q.", id, orgID, id))
		return
	}
	managed, diags := stringSet(ctx, []string{attrInputGuardrails, attrOutputGuardrails})
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), orgID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("managed_lists"), managed)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateInstanceKey, newInstanceToken())...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(orgID))...)
}

// defaultsAccessHint explains a 403 or 404 from the defaults endpoint.
func defaultsAccessHint(err error, verb string) string {
	switch {
	case errors.Is(err, client.ErrForbidden):
		return "Reading and changing the organisation's default guardrails needs an organisation Admin API key with the " +
			"organisation_settings.read and organisation_settings.update scopes (this call needed ." + verb + "), on a " +
			"plan that includes organisation guardrails."
	case errors.Is(err, client.ErrNotFound):
		return "This Portkey control plane has no /admin/organisation/defaults endpoint (it came with Portkey's backend " +
			"v1.22.0): upgrade a self-hosted control plane, or check the provider's base_url."
	}
	return ""
}

// fill refreshes both lists from a read, each spelled as the state spells it.
func (m *organizationResourceModel) fill(ctx context.Context, d *client.OrganisationDefaults) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, attr := range []string{attrInputGuardrails, attrOutputGuardrails} {
		prior, dd := setStrings(ctx, m.list(attr))
		diags.Append(dd...)
		v, dd := stringSet(ctx, spell(defaultsList(d, attr), prior))
		diags.Append(dd...)
		m.setList(attr, v)
	}
	return diags
}

func (m *organizationResourceModel) list(attr string) types.Set {
	if attr == attrInputGuardrails {
		return m.InputGuardrails
	}
	return m.OutputGuardrails
}

func (m *organizationResourceModel) setList(attr string, v types.Set) {
	if attr == attrInputGuardrails {
		m.InputGuardrails = v
	} else {
		m.OutputGuardrails = v
	}
}

// defaultsList is the client's list for an attribute name.
func defaultsList(d *client.OrganisationDefaults, attr string) []client.GuardrailRef {
	if attr == attrInputGuardrails {
		return d.InputGuardrails
	}
	return d.OutputGuardrails
}

func setContains(s types.Set, value string) bool {
	if s.IsNull() || s.IsUnknown() {
		return false
	}
	for _, e := range s.Elements() {
		if str, ok := e.(types.String); ok && str.ValueString() == value {
			return true
		}
	}
	return false
}

// A second portkey_organization is refused at plan time where the provider
// can tell: Terraform configures each provider configuration anew for every
// operation (a new client), and plans each resource instance once per
// operation. So two instances planned with one client are two resources for
// one organisation, when both are new or both exist already (told apart by
// the token each keeps in private state). A new one planned beside an
// existing one looks like a replacement (-replace, a tainted object) and is
// let through; the next plan, with both existing, refuses it.

// privateInstanceKey holds a random token naming the resource instance.
const privateInstanceKey = "instance"

// newInstanceToken is a new token, as private state stores it (JSON).
func newInstanceToken() []byte {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return []byte(`"` + hex.EncodeToString(b[:]) + `"`)
}

type organizationPlanRegistry struct {
	mu       sync.Mutex
	byClient map[*client.Client]*organizationPlansSeen
}

type organizationPlansSeen struct {
	creates   int
	instances map[string]bool
}

var organizationPlans = &organizationPlanRegistry{byClient: map[*client.Client]*organizationPlansSeen{}}

// seen records one plan of a portkey_organization (instance: its token, or
// "" for a create) and reports whether it is a second one.
func (r *organizationPlanRegistry) seen(c *client.Client, instance string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.byClient[c]
	if s == nil {
		s = &organizationPlansSeen{instances: map[string]bool{}}
		r.byClient[c] = s
	}
	if instance == "" {
		s.creates++
		return s.creates > 1
	}
	s.instances[instance] = true
	return len(s.instances) > 1
}
