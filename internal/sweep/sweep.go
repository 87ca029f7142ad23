// Package sweep deletes what the acceptance suite's live mode left behind in
// a Portkey organisation: the API keys, user invites and workspaces whose
// name (an invite's email) starts with [Prefix], and nothing else. Users are
// never swept: a person joins an organisation only by accepting an invite,
// and removing one is not a test's to do.
//
// Every object a live-mode test creates carries the prefix and a random
// suffix, so a sweep can never match an object a person made, unless that
// person named it "tf-acc-…". Run it (make sweep-live) only when no live-mode
// run is in progress: it would delete that run's objects too.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Prefix starts the name of every object the acceptance suite creates (the
// local part of an invite's email).
const Prefix = "tf-acc-"

// Kinds of object a sweep deletes, in the order it deletes them: a
// workspace's API keys go before the workspace, which Portkey would refuse
// to delete while they exist.
const (
	KindAPIKey     = "API key"
	KindUserInvite = "user invite"
	KindWorkspace  = "workspace"
)

// Object is one object a sweep matched.
type Object struct {
	Kind string
	ID   string
	Name string // the email of an invite
	Note string // what else identifies it: a key's type, an invite's status, a workspace's slug
	Err  error  // why it could not be deleted; nil once deleted
}

func (o Object) String() string {
	s := fmt.Sprintf("%s %q (id %s", o.Kind, o.Name, o.ID)
	if o.Note != "" {
		s += ", " + o.Note
	}
	return s + ")"
}

// Report is what a sweep found, deleted and could not delete.
type Report struct {
	Deleted []Object // deleted, or already gone when deleted
	Failed  []Object // each with its Err
	Matched []Object // with DryRun: what would be deleted
}

// Options configure a sweep.
type Options struct {
	// DryRun lists what would be deleted and deletes nothing.
	DryRun bool
	// Out receives one line per object, as it is deleted, and a summary.
	Out io.Writer
}

// Matches reports whether a name (an invite's email) carries Prefix.
// Emails are compared ignoring case, as Portkey compares them; names are
// compared exactly.
func Matches(kind, name string) bool {
	if kind == KindUserInvite {
		name = strings.ToLower(name)
	}
	return strings.HasPrefix(name, Prefix)
}

// Run sweeps the organisation of c. It goes on after a failed delete and
// returns an error naming the failures at the end; a listing that fails
// stops it at once (it cannot know what it would miss).
func Run(ctx context.Context, c *client.Client, opts Options) (Report, error) {
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	var rep Report
	workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		return rep, fmt.Errorf("listing workspaces: %w", err)
	}
	var sweptWorkspaces []client.Workspace
	for _, ws := range workspaces {
		if ws.IsDefault == 0 && Matches(KindWorkspace, ws.PlainName()) {
			sweptWorkspaces = append(sweptWorkspaces, ws)
		}
	}

	keys, err := listKeys(ctx, c, sweptWorkspaces)
	if err != nil {
		return rep, err
	}
	foreign := map[string][]string{} // workspace UUID -> its keys without the prefix
	for _, k := range keys {
		if !Matches(KindAPIKey, k.Name) {
			if k.WorkspaceID != nil {
				foreign[*k.WorkspaceID] = append(foreign[*k.WorkspaceID], k.Name)
			}
			continue
		}
		obj := Object{Kind: KindAPIKey, ID: k.ID, Name: k.Name, Note: k.Type}
		rep.record(out, opts.DryRun, obj, func() error { return c.DeleteAPIKey(ctx, k.ID) })
	}

	invites, err := c.ListUserInvites(ctx, client.ListUserInvitesOptions{})
	if err != nil {
		return rep, fmt.Errorf("listing user invites: %w", err)
	}
	for _, inv := range invites {
		if !Matches(KindUserInvite, inv.Email) {
			continue
		}
		obj := Object{Kind: KindUserInvite, ID: inv.ID, Name: inv.Email, Note: inv.Status}
		rep.record(out, opts.DryRun, obj, func() error { return c.DeleteUserInvite(ctx, inv.ID) })
	}

	for _, ws := range sweptWorkspaces {
		obj := Object{Kind: KindWorkspace, ID: ws.ID, Name: ws.PlainName(), Note: "slug " + ws.Slug}
		if names := foreign[ws.ID]; len(names) > 0 {
			// Deleting the workspace would take these keys with it.
			obj.Err = fmt.Errorf("it holds API keys without the %s prefix (%s): delete or keep them in Portkey first", Prefix, strings.Join(names, ", "))
			rep.Failed = append(rep.Failed, obj)
			fmt.Fprintf(out, "NOT deleted: %s: %v\n", obj, obj.Err)
			continue
		}
		// Never force_delete: that would cascade to dependents without the
		// prefix. A 409 names them instead.
		rep.record(out, opts.DryRun, obj, func() error { return deleteWorkspace(ctx, c, ws) })
	}

	rep.summarise(out, opts.DryRun)
	if len(rep.Failed) > 0 {
		names := make([]string, len(rep.Failed))
		for i, o := range rep.Failed {
			names[i] = o.String() + ": " + o.Err.Error()
		}
		return rep, fmt.Errorf("%d object(s) could not be deleted: %s", len(rep.Failed), strings.Join(names, "; "))
	}
	return rep, nil
}

// deleteWorkspace confirms with the plain name, then, if Portkey rejects it
// (400 AB01), with the "<icon> <name>" form it displays.
func deleteWorkspace(ctx context.Context, c *client.Client, ws client.Workspace) error {
	err := c.DeleteWorkspace(ctx, ws.ID, ws.PlainName())
	if client.IsCode(err, "AB01") && ws.Name != ws.PlainName() {
		err = c.DeleteWorkspace(ctx, ws.ID, ws.Name)
	}
	return err
}

// listKeys lists the organisation's API keys and, in case an unfiltered list
// leaves workspace keys out, those of every workspace being swept: each key
// once.
func listKeys(ctx context.Context, c *client.Client, workspaces []client.Workspace) ([]client.APIKey, error) {
	all, err := c.ListAPIKeys(ctx, client.ListAPIKeysOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing API keys: %w", err)
	}
	for _, ws := range workspaces {
		inWS, err := c.ListAPIKeys(ctx, client.ListAPIKeysOptions{WorkspaceID: ws.ID})
		if err != nil && !errors.Is(err, client.ErrNotFound) && !errors.Is(err, client.ErrForbidden) {
			return nil, fmt.Errorf("listing the API keys of workspace %s: %w", ws.ID, err)
		}
		all = append(all, inWS...)
	}
	seen := map[string]bool{}
	keys := all[:0]
	for _, k := range all {
		if !seen[k.ID] {
			seen[k.ID] = true
			keys = append(keys, k)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i].Name < keys[j].Name })
	return keys, nil
}

func (r *Report) record(out io.Writer, dryRun bool, obj Object, del func() error) {
	if dryRun {
		r.Matched = append(r.Matched, obj)
		fmt.Fprintf(out, "would delete %s\n", obj)
		return
	}
	switch err := del(); {
	case err == nil:
		r.Deleted = append(r.Deleted, obj)
		fmt.Fprintf(out, "deleted %s\n", obj)
	case errors.Is(err, client.ErrNotFound):
		r.Deleted = append(r.Deleted, obj)
		fmt.Fprintf(out, "already gone: %s\n", obj)
	default:
		obj.Err = err
		r.Failed = append(r.Failed, obj)
		fmt.Fprintf(out, "NOT deleted: %s: %v\n", obj, err)
	}
}

func (r *Report) summarise(out io.Writer, dryRun bool) {
	count := func(objs []Object) string {
		n := map[string]int{}
		for _, o := range objs {
			n[o.Kind]++
		}
		return fmt.Sprintf("%d API key(s), %d user invite(s), %d workspace(s)", n[KindAPIKey], n[KindUserInvite], n[KindWorkspace])
	}
	if dryRun {
		fmt.Fprintf(out, "sweep (dry run): would delete %s named %s*", count(r.Matched), Prefix)
		if len(r.Failed) > 0 {
			fmt.Fprintf(out, "; %d would not be deleted", len(r.Failed))
		}
		fmt.Fprintln(out, "; users are never swept")
		return
	}
	fmt.Fprintf(out, "sweep: deleted %s named %s*", count(r.Deleted), Prefix)
	if len(r.Failed) > 0 {
		fmt.Fprintf(out, "; %d could not be deleted", len(r.Failed))
	}
	fmt.Fprintln(out, "; users are never swept")
}
