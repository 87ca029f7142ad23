package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Settling reads after writes.
//
// Portkey's reads are eventually consistent (API-NOTES.md 11.1; official
// CHANGELOG 0.2.26: "PUT responses may return stale data"): for a moment
// after a write, a GET or a list may answer the version before it, "not
// found" right after a create, the old values after an update, "still there"
// after a delete. So no resource trusts an immediate read-back. After each
// write it reads through settle, which re-reads until the caller's "settled"
// test accepts the answer as showing the write, for at most the provider's
// read_after_write_timeout (defaultSettleTimeout).
//
// The settled tests: after a create, the object is found (not found is not
// settled); after an update, the answer holds the planned values, or its
// version (updated_at) moved past the one the write started from; after a
// delete, the object is gone (so that a later create of the same natural key,
// in a replacement, never reads back or adopts the object just deleted). The
// lookups of an ambiguous create and of an import settle the same way: until
// the object is found.
//
// When the timeout passes first, the write was still accepted by Portkey, so
// the rule is to trust it, as the official provider does after an update:
//
//   - create and update: the state gets every value the plan knows, the rest
//     from the last read (or null); a warning says Portkey did not show the
//     write yet. The private state records what a stale read looks like
//     (settleMark), so that a later refresh that still reads the version
//     before the write (not found, or the old updated_at) keeps the state
//     instead of removing the object (which would create it twice) or planning
//     the old values back;
//   - delete: success, with a warning that Portkey still shows the object.
//
// Never an "inconsistent result" (which taints a created object and so
// replaces it) and never a stale state.

// defaultSettleTimeout bounds the waiting of one settle.
const defaultSettleTimeout = 30 * time.Second

// settlePauses are the first pauses between reads; then settleMaxPause
// repeats until the timeout.
var settlePauses = []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}

const settleMaxPause = time.Second

// settler is the settling policy of one provider configuration. The zero
// value waits defaultSettleTimeout on the real clock.
type settler struct {
	timeout time.Duration
	// now and sleep replace the clock in unit tests; nil means real time.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func (s settler) limit() time.Duration {
	if s.timeout > 0 {
		return s.timeout
	}
	return defaultSettleTimeout
}

func (s settler) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

func (s settler) pause(ctx context.Context, d time.Duration) error {
	if s.sleep != nil {
		return s.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// settle reads with get until settled(answer, err) holds, pausing between
// reads, for at most the timeout (and never past ctx). It returns the last
// answer, its error, and whether it settled. settled sees errors too: "not
// found" after a create is not settled, after a delete it is; a settled
// error is returned as is.
func settle[T any](ctx context.Context, s settler, get func(context.Context) (T, error), settled func(T, error) bool) (T, bool, error) {
	start := s.clock()
	deadline := start.Add(s.limit())
	for attempt := 0; ; attempt++ {
		v, err := get(ctx)
		if settled(v, err) {
			return v, true, err
		}
		remaining := deadline.Sub(s.clock())
		if remaining <= 0 || ctx.Err() != nil {
			tflog.Warn(ctx, "Portkey's reads did not show the write within the settle timeout",
				map[string]any{"reads": attempt + 1, "timeout": s.limit().String()})
			return v, false, err
		}
		d := settleMaxPause
		if attempt < len(settlePauses) {
			d = settlePauses[attempt]
		}
		if err := s.pause(ctx, min(d, remaining)); err != nil {
			return v, false, err
		}
	}
}

// settledFound is the settled test after a create: the object is found (any
// answer but "not found" ends the wait; an error is then the caller's).
func settledFound[T any](_ T, err error) bool { return !isNotFound(err) }

// settledGone is the settled test after a delete: any error (not found, the
// 403 of a deleted workspace or departed user) means it is no longer shown.
func settledGone[T any](_ T, err error) bool { return err != nil }

func isNotFound(err error) bool { return errors.Is(err, client.ErrNotFound) }

// versionMoved reports whether an update's read-back shows a version other
// than the one the write started from (prior, the state's updated_at): the
// API's reads never go back past it, so a different one is newer.
func versionMoved(got, prior string) bool { return got != "" && got != prior }

// settleMark is the private state a write leaves when its settle timed out:
// what a read that still predates the write looks like.
type settleMark struct {
	// Created: Portkey accepted the create but never showed the object;
	// "not found" is stale, not gone.
	Created bool `json:"created,omitempty"`
	// Updated: Portkey accepted an update; a read whose version equals
	// Version predates it.
	Updated bool   `json:"updated,omitempty"`
	Version string `json:"version,omitempty"`
}

const privateSettleKey = "settle_pending"

// readSettleMark returns the mark a timed-out write left, if any.
func readSettleMark(ctx context.Context, p privateGetter) settleMark {
	var m settleMark
	if p == nil {
		return m
	}
	raw, _ := p.GetKey(ctx, privateSettleKey)
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &m)
	}
	return m
}

// importSettled waits, within the settle timeout, until an object being
// imported reads as found: one created moments ago may not be readable yet.
// The Read that follows the import reports any error.
func importSettled(ctx context.Context, s settler, get func(context.Context) error) {
	_, _, _ = settle(ctx, s, func(ctx context.Context) (struct{}, error) { return struct{}{}, get(ctx) }, settledFound)
}

// setSettleMark records a timed-out write; a zero mark clears it.
func setSettleMark(ctx context.Context, p privateSetter, m settleMark) diag.Diagnostics {
	if m == (settleMark{}) {
		return p.SetKey(ctx, privateSettleKey, nil)
	}
	raw, _ := json.Marshal(m)
	return p.SetKey(ctx, privateSettleKey, raw)
}

// readPredatesWrite reports whether a refresh's answer (err; version, the
// answer's updated_at) is older than a write whose settle timed out: the
// caller then keeps its state as it is, and returns. It warns when so, and
// sets identity (the object's identity from state) when the client sent none.
func readPredatesWrite(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, err error, version, what string, identity any) bool {
	m := readSettleMark(ctx, req.Private)
	stale := (m.Created && isNotFound(err)) || (m.Updated && err == nil && version == m.Version)
	if stale {
		if resp.Identity != nil && resp.Identity.Raw.IsFullyNull() {
			resp.Diagnostics.Append(resp.Identity.Set(ctx, identity)...)
		}
		resp.Diagnostics.AddWarning("Portkey Does Not Show the Last Change Yet", fmt.Sprintf("Portkey accepted the "+
			"last change to %s, but its reads still answer the version from before it (Portkey's reads are eventually "+
			"consistent). Terraform keeps the state the change produced; a later refresh reads the object again.", what))
		return true
	}
	if m != (settleMark{}) && resp.Private != nil {
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{})...)
	}
	return false
}

// trustPlan is the state of a write Portkey accepted but did not show within
// the settle timeout: every value the plan knows, and for the values it leaves
// unknown the known value at the same path of fallback (the last read as a
// state, or a null object), else null.
func trustPlan(plan, fallback tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(plan, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if got, _, err := tftypes.WalkAttributePath(fallback, p); err == nil {
			if fv, ok := got.(tftypes.Value); ok && fv.IsFullyKnown() && fv.Type().Equal(v.Type()) {
				return fv, nil
			}
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
}

// planShows reports whether model (a read filled over a copy of the plan's
// model) holds every value the plan knows: the read shows the planned write.
func planShows(ctx context.Context, plan tfsdk.Plan, model any) bool {
	got := tfsdk.State{Schema: plan.Schema, Raw: tftypes.NewValue(plan.Raw.Type(), nil)}
	if got.Set(ctx, model).HasError() {
		return false
	}
	return coveredBy(plan.Raw, got.Raw)
}

// coveredBy reports whether got has every known value of want: unknown parts
// of want match anything, sets with unknown elements too.
func coveredBy(want, got tftypes.Value) bool {
	switch {
	case !want.IsKnown():
		return true
	case want.IsNull() || !got.IsKnown() || got.IsNull():
		return want.IsNull() == got.IsNull() && got.IsKnown()
	}
	typ := want.Type()
	switch {
	case typ.Is(tftypes.Object{}) || typ.Is(tftypes.Map{}):
		var w, g map[string]tftypes.Value
		if want.As(&w) != nil || got.As(&g) != nil || (typ.Is(tftypes.Map{}) && len(w) != len(g)) {
			return false
		}
		for k, v := range w {
			gv, ok := g[k]
			if !ok || !coveredBy(v, gv) {
				return false
			}
		}
		return true
	case typ.Is(tftypes.List{}) || typ.Is(tftypes.Tuple{}):
		var w, g []tftypes.Value
		if want.As(&w) != nil || got.As(&g) != nil || len(w) != len(g) {
			return false
		}
		for i := range w {
			if !coveredBy(w[i], g[i]) {
				return false
			}
		}
		return true
	case typ.Is(tftypes.Set{}) && !want.IsFullyKnown():
		return true
	}
	return want.Equal(got)
}

// setTrustedState sets state to trustPlan(plan, fallback), where fallback
// is a model of the last read (nil: none), and warns that the write did not
// show within the timeout.
func setTrustedState(ctx context.Context, plan tfsdk.Plan, fallback any, state *tfsdk.State, diags *diag.Diagnostics, s settler, what string) {
	base := tftypes.NewValue(plan.Raw.Type(), nil)
	if fallback != nil {
		scratch := tfsdk.State{Schema: state.Schema, Raw: base}
		if d := scratch.Set(ctx, fallback); !d.HasError() {
			base = scratch.Raw
		}
	}
	raw, err := trustPlan(plan.Raw, base)
	if err != nil {
		diags.AddError("Unable to Record the Change", fmt.Sprintf("Building the state of %s failed: %s. This is a "+
			"bug in the provider; please report it.", what, err))
		return
	}
	state.Raw = raw
	diags.AddWarning("Portkey Does Not Show the Change Yet", fmt.Sprintf("Portkey accepted the change to %s, but its "+
		"reads did not show it within %s (Portkey's reads are eventually consistent). Terraform recorded the planned "+
		"values; the next refresh reads the object again. If this happens often, raise the provider's "+
		"read_after_write_timeout.", what, s.limit()))
}

// warnDeleteUnsettled says that Portkey accepted a delete but still shows
// the object.
func warnDeleteUnsettled(diags *diag.Diagnostics, s settler, what string) {
	diags.AddWarning("Portkey Still Shows a Deleted Object", fmt.Sprintf("Portkey accepted the deletion of %s, but "+
		"its reads still showed it after %s (Portkey's reads are eventually consistent). Terraform removed it from "+
		"state; if it still appears in Portkey later, delete it there.", what, s.limit()))
}

// providerData is what the provider hands its resources: the client and
// the settling policy.
type providerData struct {
	client *client.Client
	settle settler
}

// settlerFrom returns the settling policy of the provider's configure data
// (the default one when there is none).
func settlerFrom(data any) settler {
	if pd, ok := data.(*providerData); ok && pd != nil {
		return pd.settle
	}
	return settler{}
}

// resolveSettler reads read_after_write_timeout, else its environment
// variable, else the default.
func resolveSettler(cfg providerModel, lookupEnv func(string) (string, bool)) (settler, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := cfg.ReadAfterWrite.ValueString()
	if cfg.ReadAfterWrite.IsNull() {
		s, _ = lookupEnv(envReadAfterWrite)
	}
	if s == "" {
		return settler{}, diags
	}
	d, err := parsePositiveDuration(s)
	if err != nil {
		diags.AddAttributeError(path.Root("read_after_write_timeout"), "Invalid Portkey Read-After-Write Timeout",
			fmt.Sprintf("read_after_write_timeout (or %s) %q: %s", envReadAfterWrite, s, err))
	}
	return settler{timeout: d}, diags
}
