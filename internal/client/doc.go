// Package client is a typed client for Portkey's Admin API.
//
// It knows HTTP and nothing of Terraform: authentication, the User-Agent,
// per-attempt timeouts, a client-side token bucket, the retry policy, typed
// errors, pagination and redacted debug logging live here, one concern per
// file. Each API area (workspaces, users, workspace members, invites, API
// keys) has its own file holding its entity type, request types and methods.
package client
