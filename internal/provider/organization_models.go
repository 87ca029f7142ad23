package provider

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Default guardrails are named by id or by slug, and either names the same
// guardrail. The API answers both ({id, slug}); the state keeps each
// guardrail as the configuration (or, after an import, the previous state)
// spells it, and the plan modifier below keeps a respelled configuration
// from planning a change. What each guardrail's id and slug are is kept in
// private state, from the last read.

const (
	attrInputGuardrails  = "input_guardrails"
	attrOutputGuardrails = "output_guardrails"
)

// privateGuardrailsKey holds the {id, slug} of every default guardrail the
// last read saw.
const privateGuardrailsKey = "guardrails"

// guardrailNames maps each known id and slug to the guardrail's id.
type guardrailNames map[string]string

func newGuardrailNames(refs ...[]client.GuardrailRef) guardrailNames {
	n := guardrailNames{}
	for _, list := range refs {
		for _, r := range list {
			n[r.ID] = r.ID
			if r.Slug != "" {
				n[r.Slug] = r.ID
			}
		}
	}
	return n
}

// canonical is the set of guardrail ids the names denote; a name no known
// guardrail has stands for itself.
func (n guardrailNames) canonical(names []string) map[string]bool {
	out := make(map[string]bool, len(names))
	for _, name := range names {
		if id, ok := n[name]; ok {
			out[id] = true
		} else {
			out["?"+name] = true
		}
	}
	return out
}

// same reports whether two lists of names denote the same guardrails.
func (n guardrailNames) same(a, b []string) bool {
	ca, cb := n.canonical(a), n.canonical(b)
	if len(ca) != len(cb) {
		return false
	}
	for k := range ca {
		if !cb[k] {
			return false
		}
	}
	return true
}

// spell names the guardrails of an API list as prior spells them: each
// guardrail by every name prior has for it, else by its slug (its id when it
// has none). The result is sorted; a name in prior for no guardrail of the
// list is dropped.
func spell(refs []client.GuardrailRef, prior []string) []string {
	have := map[string]bool{}
	for _, p := range prior {
		have[p] = true
	}
	out := []string{}
	for _, r := range refs {
		var named bool
		for _, name := range []string{r.ID, r.Slug} {
			if name != "" && have[name] {
				out = append(out, name)
				named = true
			}
		}
		if !named {
			if r.Slug != "" {
				out = append(out, r.Slug)
			} else {
				out = append(out, r.ID)
			}
		}
	}
	sort.Strings(out)
	return out
}

// setStrings reads a known set of strings (nil for null or unknown).
func setStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

func stringSet(ctx context.Context, ss []string) (types.Set, diag.Diagnostics) {
	if ss == nil {
		ss = []string{}
	}
	return types.SetValueFrom(ctx, types.StringType, ss)
}

// storeGuardrailNames records the guardrails of a read in private state.
func storeGuardrailNames(ctx context.Context, private privateSetter, d *client.OrganisationDefaults) diag.Diagnostics {
	raw, err := json.Marshal(append(append([]client.GuardrailRef{}, d.InputGuardrails...), d.OutputGuardrails...))
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to Record Guardrails", err.Error())
		return diags
	}
	return private.SetKey(ctx, privateGuardrailsKey, raw)
}

// loadGuardrailNames reads what storeGuardrailNames recorded (empty when
// nothing was).
func loadGuardrailNames(ctx context.Context, private privateGetter) guardrailNames {
	raw, diags := private.GetKey(ctx, privateGuardrailsKey)
	var refs []client.GuardrailRef
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &refs) != nil {
		return guardrailNames{}
	}
	return newGuardrailNames(refs)
}

// sameGuardrailsAsState plans the state's value for a guardrail set whose
// configuration names the same guardrails in other words (an id for a slug,
// or the reverse), so that respelling a guardrail is no change.
type sameGuardrailsAsState struct{}

func (sameGuardrailsAsState) Description(context.Context) string {
	return "A guardrail named by its id or by its slug is the same guardrail: respelling one plans no change."
}

func (m sameGuardrailsAsState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameGuardrailsAsState) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() ||
		req.ConfigValue.Equal(req.StateValue) {
		return
	}
	for _, e := range req.ConfigValue.Elements() {
		if e.IsUnknown() {
			return
		}
	}
	cfg, d1 := setStrings(ctx, req.ConfigValue)
	state, d2 := setStrings(ctx, req.StateValue)
	if d1.HasError() || d2.HasError() {
		return
	}
	if loadGuardrailNames(ctx, req.Private).same(cfg, state) {
		resp.PlanValue = req.StateValue
	}
}

// awaitRead reads with get until shows accepts the answer, within the
// provider's settle timeout (settle.go): the API's reads can lag behind a
// write (API-NOTES.md 11.1), so a read right after a PUT is not trusted
// blindly. It returns the last answer and whether shows accepted it; the
// caller decides what a write that never showed means.
func awaitRead[T any](ctx context.Context, s settler, get func(context.Context) (T, error), shows func(T) bool) (T, bool, error) {
	v, settled, err := settle(ctx, s, get, func(v T, err error) bool { return err != nil || shows(v) })
	if err != nil {
		var zero T
		return zero, false, err
	}
	return v, settled, nil
}
