package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Bulk reads of API keys and invites (the client's bulk_reads.go has the
// trigger rule and the field table). Their lists lack fields a GET answers,
// so a listing may answer a refresh only when the state already holds what a
// GET would answer for those fields. That is decided here, from the state and
// from privateReadVersionKey:
//
//   - API keys: the state's last GET recorded the key at version V
//     (last_updated_at), and the listing shows the key still at V with the
//     same last_reset_at. This assumes Portkey moves last_updated_at with
//     every change to a key (a reset moves last_reset_at), as the mock does
//     and as the live recordings are consistent with (a key never changed has
//     last_updated_at equal to created_at); the provider docs say so, and
//     bulk_reads = "off" does without it. Then the fields the list
//     lacks (allow_config_override, usage_limits.next_usage_reset_at,
//     rotation_policy) are still what that GET answered: they are taken from
//     state. Fields that move with time alone are excluded: a key with a
//     rotation policy, or whose recorded next usage reset is due, is read by
//     GET.
//   - Invites: the API cannot change an invite's workspaces (an invite has no
//     update), so once a GET recorded them the state's are current.
//
// Anything else (no recorded GET, as after an import or a move; a write whose
// settle timed out) is read by GET, which records the version for the next
// refresh.
//
// And for every kind: a listing never answers with a version older than the
// one the state holds (listingPredatesState). Lists may trail GETs (a replica,
// an index): right after an apply, a listing can still show an object as it
// was before it, where a GET shows the write.

// privateReadVersionKey records the version of the object as the GET whose
// answer the state holds saw it: an API key's last_updated_at, an invite's
// expires_at.
const privateReadVersionKey = "read_version"

// setReadVersion records version as that of the last GET the state holds.
func setReadVersion(ctx context.Context, p privateSetter, version string, diags *diag.Diagnostics) {
	raw, _ := json.Marshal(version)
	diags.Append(p.SetKey(ctx, privateReadVersionKey, raw)...)
}

// readVersion is the version setReadVersion recorded, or "" if none.
func readVersion(ctx context.Context, p privateGetter) string {
	if p == nil {
		return ""
	}
	raw, _ := p.GetKey(ctx, privateReadVersionKey)
	var v string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &v)
	}
	return v
}

// listingPredatesState reports whether an object answered from a listing at
// version listed (its last_updated_at) is older than the version recorded,
// the one the state holds: the refresh then reads it by GET. Versions that do
// not parse count as older unless equal.
func listingPredatesState(listed, recorded string) bool {
	if recorded == "" || listed == recorded {
		return false
	}
	l, errL := time.Parse(time.RFC3339Nano, listed)
	r, errR := time.Parse(time.RFC3339Nano, recorded)
	if errL != nil || errR != nil {
		return true
	}
	return l.Before(r)
}

// apiKeyListedCompleter is the complete function of client.ReadAPIKey for
// the refresh of state, or nil when this key must be read by GET.
func apiKeyListedCompleter(ctx context.Context, p privateGetter, state *apiKeyResourceModel, now time.Time) func(*client.APIKey) bool {
	version := readVersion(ctx, p)
	if version == "" || readSettleMark(ctx, p) != (settleMark{}) || !state.RotationPolicy.IsNull() ||
		state.UpdatedAt.ValueString() != version {
		return nil
	}
	var nextReset *string
	if !state.UsageLimits.IsNull() && !state.UsageLimits.IsUnknown() {
		var u apiKeyUsageLimitsModel
		if state.UsageLimits.As(ctx, &u, basetypes.ObjectAsOptions{}).HasError() {
			return nil
		}
		if !u.NextUsageResetAt.IsNull() {
			due, err := time.Parse(time.RFC3339, u.NextUsageResetAt.ValueString())
			if err != nil || !due.After(now) {
				return nil
			}
			nextReset = u.NextUsageResetAt.ValueStringPointer()
		}
	}
	allowOverride := state.AllowConfigOverride.ValueBool()
	lastReset := state.LastResetAt.ValueString()
	return func(k *client.APIKey) bool {
		if k.LastUpdatedAt != version || derefString(k.LastResetAt) != lastReset {
			return false
		}
		k.NextUsageResetAt = nextReset
		if k.UsageLimits != nil {
			k.UsageLimits.NextUsageResetAt = nextReset
		}
		if k.Defaults == nil {
			k.Defaults = &client.APIKeyDefaults{}
		}
		k.Defaults.AllowConfigOverride = new(client.FlexBool(allowOverride))
		return true
	}
}

// userInviteListedCompleter is the complete function of
// client.ReadUserInvite for the refresh of an invite, or nil when it must be
// read by GET: a listed invite (which has no workspaces) keeps the state's.
func userInviteListedCompleter(ctx context.Context, p privateGetter) func(*client.UserInvite) bool {
	version := readVersion(ctx, p)
	if version == "" || readSettleMark(ctx, p) != (settleMark{}) {
		return nil
	}
	// A re-send moves expires_at: a listing that has not seen it yet
	// (listingPredatesState) is not used.
	return func(inv *client.UserInvite) bool { return !listingPredatesState(inv.ExpiresAt, version) }
}

// derefString is *p, or "" for nil.
func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
