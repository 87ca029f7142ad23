package provider

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Switching from Portkey's official provider (portkey-ai/portkey) is
// `terraform state replace-provider`: its state must decode with our schemas.
// These tables are the official provider's attributes (OFFICIAL-SCHEMA.md,
// v0.2.28) with their Terraform types; ours must have each name with a
// compatible type (a number for Int64, a set for a list).

var officialWorkspace = map[string]string{
	"created_at": "string", "description": "string", "icon": "string", "id": "string", "metadata": "map(string)",
	"name": "string", "rate_limits": "list(object)", "rate_limits.type": "string", "rate_limits.unit": "string",
	"rate_limits.value": "number", "updated_at": "string", "usage_limits": "list(object)",
	"usage_limits.alert_threshold": "number", "usage_limits.credit_limit": "number",
	"usage_limits.periodic_reset": "string", "usage_limits.type": "string",
}

var officialWorkspaceMember = map[string]string{
	"created_at": "string", "id": "string", "role": "string", "user_id": "string", "workspace_id": "string",
}

var officialUserInvite = map[string]string{
	"created_at": "string", "email": "string", "expires_at": "string", "id": "string", "role": "string",
	"scopes": "list(string)", "status": "string", "workspaces": "list(object)", "workspaces.id": "string",
	"workspaces.role": "string",
}

var officialWorkspaceData = map[string]string{
	"created_at": "string", "description": "string", "id": "string", "metadata": "map(string)", "name": "string",
	"rate_limits": "list(object)", "rate_limits.type": "string", "rate_limits.unit": "string",
	"rate_limits.value": "number", "updated_at": "string", "usage_limits": "list(object)",
	"usage_limits.alert_threshold": "number", "usage_limits.credit_limit": "number",
	"usage_limits.periodic_reset": "string", "usage_limits.type": "string",
}

func officialWorkspacesData() map[string]string {
	out := map[string]string{"workspaces": "list(object)", "workspaces.icon": "string"}
	for k, v := range officialWorkspaceData {
		out["workspaces."+k] = v
	}
	return out
}

var officialUserData = map[string]string{
	"created_at": "string", "email": "string", "id": "string", "role": "string", "status": "string", "updated_at": "string",
}

func officialUsersData() map[string]string {
	out := map[string]string{"email": "string", "page_size": "number", "role": "string", "total": "number", "users": "list(object)"}
	for k, v := range officialUserData {
		out["users."+k] = v
	}
	return out
}

var officialAPIKey = map[string]string{
	"alert_emails": "list(string)", "allow_config_override": "bool", "config_id": "string", "created_at": "string",
	"description": "string", "expires_at": "string", "id": "string", "key": "string", "key_transition_expires_at": "string",
	"last_reset_at": "string", "metadata": "map(string)", "name": "string", "organisation_id": "string",
	"rate_limits": "list(object)", "rate_limits.type": "string", "rate_limits.unit": "string", "rate_limits.value": "number",
	"reset_usage": "bool", "rotate_transition_period_ms": "number", "rotate_trigger": "string",
	"rotation_policy": "object", "rotation_policy.key_transition_period_ms": "number",
	"rotation_policy.next_rotation_at": "string", "rotation_policy.rotation_period": "string",
	"scopes": "list(string)", "status": "string", "sub_type": "string", "type": "string", "updated_at": "string",
	"usage_limits": "object", "usage_limits.alert_threshold": "number", "usage_limits.credit_limit": "number",
	"usage_limits.next_usage_reset_at": "string", "usage_limits.periodic_reset": "string",
	"usage_limits.periodic_reset_days": "number", "usage_limits.type": "string",
	"user_id": "string", "workspace_id": "string",
}

var officialAPIKeyData = map[string]string{
	"alert_emails": "list(string)", "created_at": "string", "description": "string", "id": "string",
	"metadata": "map(string)", "name": "string", "organisation_id": "string",
	"rate_limits": "list(object)", "rate_limits.type": "string", "rate_limits.unit": "string", "rate_limits.value": "number",
	"scopes": "list(string)", "status": "string", "sub_type": "string", "type": "string", "updated_at": "string",
	"usage_limits": "object", "usage_limits.alert_threshold": "number", "usage_limits.credit_limit": "number",
	"usage_limits.next_usage_reset_at": "string", "usage_limits.periodic_reset": "string",
	"usage_limits.periodic_reset_days": "number", "usage_limits.type": "string", "user_id": "string", "workspace_id": "string",
}

func officialAPIKeysData() map[string]string {
	out := map[string]string{"workspace_id": "string", "api_keys": "list(object)"}
	for k, v := range officialAPIKeyData {
		out["api_keys."+k] = v
	}
	return out
}

// flattenTypes maps every attribute path to its Terraform type.
func flattenTypes(prefix string, attrs map[string]tftypes.Type, out map[string]tftypes.Type) {
	for name, tt := range attrs {
		p := prefix + name
		out[p] = tt
		var obj tftypes.Object
		switch v := tt.(type) {
		case tftypes.Object:
			obj = v
		case tftypes.List:
			obj, _ = v.ElementType.(tftypes.Object)
		case tftypes.Set:
			obj, _ = v.ElementType.(tftypes.Object)
		}
		if obj.AttributeTypes != nil {
			flattenTypes(p+".", obj.AttributeTypes, out)
		}
	}
}

// schemaTypes flattens a schema's attributes.
func schemaTypes[A interface{ GetType() attr.Type }](ctx context.Context, attrs map[string]A) map[string]tftypes.Type {
	top := map[string]tftypes.Type{}
	for n, a := range attrs {
		top[n] = a.GetType().TerraformType(ctx)
	}
	out := map[string]tftypes.Type{}
	flattenTypes("", top, out)
	return out
}

func compatibleType(want string, got tftypes.Type) bool {
	elem := func(t tftypes.Type) tftypes.Type {
		switch v := t.(type) {
		case tftypes.List:
			return v.ElementType
		case tftypes.Set:
			return v.ElementType
		case tftypes.Map:
			return v.ElementType
		}
		return nil
	}
	isCollection := func(t tftypes.Type) bool {
		return t.Is(tftypes.List{}) || t.Is(tftypes.Set{})
	}
	switch want {
	case "string":
		return got.Is(tftypes.String)
	case "bool":
		return got.Is(tftypes.Bool)
	case "number":
		return got.Is(tftypes.Number)
	case "list(string)":
		return isCollection(got) && elem(got).Is(tftypes.String)
	case "map(string)":
		return got.Is(tftypes.Map{}) && elem(got).Is(tftypes.String)
	case "list(object)":
		return isCollection(got) && elem(got).Is(tftypes.Object{})
	case "object":
		return got.Is(tftypes.Object{})
	}
	return false
}

func checkSuperset(t *testing.T, what string, official map[string]string, ours map[string]tftypes.Type) {
	t.Helper()
	var names []string
	for n := range official {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		got, ok := ours[n]
		switch {
		case !ok:
			t.Errorf("%s: the official attribute %s is missing", what, n)
		case !compatibleType(official[n], got):
			t.Errorf("%s: %s is %s, not compatible with the official %s", what, n, got, official[n])
		}
	}
}

func TestSchemas_officialSuperset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	for name, tc := range map[string]struct {
		r    resource.Resource
		want map[string]string
	}{
		"resource portkey_workspace":        {NewWorkspaceResource(), officialWorkspace},
		"resource portkey_workspace_member": {NewWorkspaceMemberResource(), officialWorkspaceMember},
		"resource portkey_user_invite":      {NewUserInviteResource(), officialUserInvite},
		"resource portkey_api_key":          {NewAPIKeyResource(), officialAPIKey},
	} {
		var rs resource.SchemaResponse
		tc.r.Schema(ctx, resource.SchemaRequest{}, &rs)
		if rs.Diagnostics.HasError() {
			t.Fatal(rs.Diagnostics)
		}
		checkSuperset(t, name, tc.want, schemaTypes(ctx, rs.Schema.Attributes))
		if rs.Schema.Version != 0 {
			t.Errorf("%s: schema version %d; the official provider's state is version 0 and there is no upgrader", name, rs.Schema.Version)
		}
	}

	for name, tc := range map[string]struct {
		ds   datasource.DataSource
		want map[string]string
	}{
		"data source portkey_workspace":  {NewWorkspaceDataSource(), officialWorkspaceData},
		"data source portkey_workspaces": {NewWorkspacesDataSource(), officialWorkspacesData()},
		"data source portkey_user":       {NewUserDataSource(), officialUserData},
		"data source portkey_users":      {NewUsersDataSource(), officialUsersData()},
		"data source portkey_api_key":    {NewAPIKeyDataSource(), officialAPIKeyData},
		"data source portkey_api_keys":   {NewAPIKeysDataSource(), officialAPIKeysData()},
	} {
		var ds datasource.SchemaResponse
		tc.ds.Schema(ctx, datasource.SchemaRequest{}, &ds)
		if ds.Diagnostics.HasError() {
			t.Fatal(ds.Diagnostics)
		}
		checkSuperset(t, name, tc.want, schemaTypes(ctx, ds.Schema.Attributes))
	}

	// Every attribute of every API key schema has a description that is a sentence.
	for n, d := range apiKeyDocs {
		if !strings.HasSuffix(d, ".") {
			t.Errorf("description of %s is not a sentence: %q", n, d)
		}
	}
}
