package provider

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// API lookups the API key resource and ephemeral resource share: workspace
// references, reconciling ambiguous creates, departed users, and the private
// state they keep.

var apiKeyUUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// apiKeySameWorkspace reports whether ref (a UUID or slug) names the
// workspace the key is in: known when ref is the key's workspace UUID; for a
// slug, the key must be among the keys Portkey lists for that slug.
func apiKeySameWorkspace(ctx context.Context, c *client.Client, keyID, ref, stateRef, knownUUID string) (bool, error) {
	if knownUUID == "" && apiKeyUUIDPattern.MatchString(stateRef) {
		knownUUID = stateRef
	}
	if ref == knownUUID {
		return true, nil
	}
	if apiKeyUUIDPattern.MatchString(ref) || c == nil {
		return false, nil
	}
	keys, err := c.ListAPIKeys(ctx, client.ListAPIKeysOptions{WorkspaceID: ref})
	switch {
	case errors.Is(err, client.ErrNotFound), client.IsCode(err, "AB01"):
		return false, nil // no such workspace
	case errors.Is(err, client.ErrForbidden):
		// Portkey answers 403 for a deleted workspace, but also for a key
		// that may not look: gone only if the organisation lists no such
		// workspace either.
		if gone, goneErr := workspaceGone(ctx, c, ref); goneErr != nil || !gone {
			return false, err
		}
		return false, nil
	case err != nil:
		return false, err
	}
	for _, k := range keys {
		if k.ID == keyID {
			return true, nil
		}
	}
	return false, nil
}

// findCreatedAPIKey looks for the key an ambiguous create may have made: same
// name, type, workspace and user, created at or after the attempt started
// (less some clock skew). More than one is a *manyCreatedError: the provider
// never adopts a key it cannot tell apart.
// Portkey's lists may not show a new key yet: the lookup repeats until one
// matches, within the settle timeout.
func findCreatedAPIKey(ctx context.Context, c *client.Client, s settler, m *apiKeyModel, started time.Time) (*client.APIKey, error) {
	opts := client.ListAPIKeysOptions{}
	if m.Type.ValueString() == "workspace" {
		opts.WorkspaceID = m.WorkspaceID.ValueString()
	}
	wantType := m.Type.ValueString() + "-" + m.SubType.ValueString()
	matching := func(keys []client.APIKey) []client.APIKey {
		var found []client.APIKey
		for _, k := range keys {
			created, perr := time.Parse(time.RFC3339, k.CreatedAt)
			switch {
			case k.Name != m.Name.ValueString(), k.Type != wantType:
			case m.UserID.ValueString() != apiKeyDeref(k.UserID):
			case perr != nil || created.Before(started.Add(-createClockSkew)):
			default:
				found = append(found, k)
			}
		}
		return found
	}
	keys, _, err := settle(ctx, s, func(ctx context.Context) ([]client.APIKey, error) { return c.ListAPIKeys(ctx, opts) },
		func(keys []client.APIKey, err error) bool { return err != nil || len(matching(keys)) > 0 })
	if err != nil {
		return nil, err
	}
	found := matching(keys)
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return &found[0], nil
	}
	ids := make([]string, len(found))
	for i, k := range found {
		ids[i] = k.ID
	}
	return nil, &manyCreatedError{IDs: ids}
}

func apiKeyDeref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func apiKeyCreateHint(err error) string {
	if client.IsCode(err, "AB01") {
		return "Portkey rejected the key's settings. Check the workspace_id and user_id exist, that expires_at and " +
			"next_rotation_at lie in the future, and that expires_at does not exceed the organisation's or " +
			"workspace's maximum key lifetime."
	}
	if errors.Is(err, client.ErrNotFound) {
		return "The workspace named by workspace_id does not exist."
	}
	return ""
}

// apiKeyOwnerLeft reports whether err is the 403 AB03 Portkey answers for a
// user key whose user has left the organisation (API-NOTES.md 1.5), confirmed
// by a second signal: the user no longer exists.
func apiKeyOwnerLeft(ctx context.Context, c *client.Client, m *apiKeyModel, err error) bool {
	if !client.IsCode(err, "AB03") || m.SubType.ValueString() != "user" || m.UserID.ValueString() == "" {
		return false
	}
	_, userErr := c.GetUser(ctx, m.UserID.ValueString())
	return errors.Is(userErr, client.ErrNotFound)
}

// privateWorkspaceUUID is the workspace UUID the configured workspace_id
// resolved to, recorded in private state.
func privateWorkspaceUUID(ctx context.Context, p interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) string {
	raw, _ := p.GetKey(ctx, apiKeyPrivateWorkspace)
	var uuid string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &uuid)
	}
	return uuid
}

func setPrivateWorkspaceUUID(ctx context.Context, p interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, k *client.APIKey, diags *diag.Diagnostics) {
	if k.WorkspaceID == nil {
		return
	}
	raw, _ := json.Marshal(*k.WorkspaceID)
	diags.Append(p.SetKey(ctx, apiKeyPrivateWorkspace, raw)...)
}
