package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Ambiguous creates, the same for every resource.
//
// A create (a POST) that fails without a definite answer (client.IsAmbiguous:
// a 5xx, a reset, a timeout, an answer that cannot be read) may or may not
// have created the object, and the client never replays it. The resource
// looks the object up by its natural key instead, among the objects created
// since the first attempt started, and through settle (settle.go), so that a
// lag of Portkey's reads is not taken for absence:
//
//   - found once: it is adopted, and the resource recovers what the lost
//     answer carried (a key's secret by a rotation, an invite's link by a
//     re-send);
//   - found more than once: an error names them; none is adopted;
//   - the lookup itself fails: an error says the object may exist;
//   - not found once the lookup has settled: nothing was created, so the
//     create is sent again, after the client's backoff (a 429 or 503's
//     Retry-After honoured), at most max_retries times.
//
// A resend that Portkey refuses as a conflict (409: the object exists) means
// that an earlier attempt created it after all; it is looked up and adopted.
// The lookup window starts with the first attempt, so an object that an
// earlier attempt created late still counts, and two of them are reported,
// never one adopted and the other left behind.

// createRecovery is one create: send posts it, find looks for what it may
// have created (settled; found reports whether exactly one object matched,
// err a failed lookup or several matches).
type createRecovery[T any] struct {
	client *client.Client
	what   string // for logs: `workspace "Ops"`
	send   func(ctx context.Context) (T, error)
	find   func(ctx context.Context, since time.Time) (v T, found bool, err error)
}

// createLookupError: an ambiguous create whose lookup failed (Err may be a
// resource's own error for several matches).
type createLookupError struct {
	Cause error // the create's ambiguous failure
	Err   error
}

func (e *createLookupError) Error() string {
	return fmt.Sprintf("%v; looking the object up failed: %v", e.Cause, e.Err)
}

func (e *createLookupError) Unwrap() error { return e.Err }

// createAbsentError: every create failed ambiguously and, after each, the
// settled lookup showed that nothing was created.
type createAbsentError struct {
	Cause error // the last create's failure
	Sends int
}

func (e *createAbsentError) Error() string {
	return fmt.Sprintf("%v; nothing was created by %d attempt(s)", e.Cause, e.Sends)
}

func (e *createAbsentError) Unwrap() error { return e.Cause }

// run sends the create, recovering from ambiguous failures as above. It
// returns the created or adopted object and whether it was adopted; an error
// is the create's own (not ambiguous), a *createLookupError or a
// *createAbsentError.
func (c createRecovery[T]) run(ctx context.Context) (T, bool, error) {
	var zero T
	started := time.Now()
	resends := c.client.MaxRetries()
	for sent := 1; ; sent++ {
		v, err := c.send(ctx)
		switch {
		case err == nil:
			return v, false, nil
		case sent > 1 && errors.Is(err, client.ErrConflict):
			// An earlier attempt created it after all.
			found, ok, findErr := c.find(ctx, started)
			if findErr != nil || !ok {
				return zero, false, err
			}
			tflog.Warn(ctx, "Adopted the object an earlier ambiguous create made (a resend conflicted)", map[string]any{"what": c.what, "sends": sent})
			return found, true, nil
		case !client.IsAmbiguous(err):
			return zero, false, err
		}
		found, ok, findErr := c.find(ctx, started)
		switch {
		case findErr != nil:
			return zero, false, &createLookupError{Cause: err, Err: findErr}
		case ok:
			tflog.Warn(ctx, "Adopted the object an ambiguously failed create made", map[string]any{"what": c.what, "sends": sent})
			return found, true, nil
		case sent > resends:
			return zero, false, &createAbsentError{Cause: err, Sends: sent}
		}
		tflog.Info(ctx, "An ambiguous create made nothing: sending it again", map[string]any{"what": c.what, "sends": sent, "error": err.Error()})
		if werr := c.client.WaitBeforeResend(ctx, sent, err); werr != nil {
			return zero, false, &createAbsentError{Cause: err, Sends: sent}
		}
	}
}

// manyCreatedError: several objects match an ambiguous create, all created
// since it started; the provider cannot tell which one it made.
type manyCreatedError struct{ IDs []string }

func (e *manyCreatedError) Error() string {
	return fmt.Sprintf("%d matching objects were created since the create started (ids %s)", len(e.IDs), strings.Join(e.IDs, ", "))
}

// addCreateError adds the diagnostic of a failed create: what (`workspace
// "Ops"`) names the object; hint is the resource's advice for its own
// definite errors (409, 404, ...), shown after them.
func addCreateError(diags *diag.Diagnostics, action, what string, err error, hint string) {
	var lookup *createLookupError
	var absent *createAbsentError
	var many *manyCreatedError
	switch {
	case errors.As(err, &many) && errors.As(err, &lookup):
		addAPIError(diags, action, lookup.Cause, fmt.Sprintf("The create of %s got no definite answer, and %d objects "+
			"like it were created since it started (ids %s), so Terraform cannot tell which one it created and adopts "+
			"none. Keep one: import it (terraform import <address> <id>) and delete the others in Portkey.",
			what, len(many.IDs), strings.Join(many.IDs, ", ")))
	case errors.As(err, &absent):
		addAPIError(diags, action, absent.Cause, fmt.Sprintf("None of the %s sent for %s got a definite answer, "+
			"and after each one Portkey's reads showed that nothing was created (they were awaited for up to the "+
			"provider's read_after_write_timeout): nothing changed in Portkey.", client.AttemptsText(absent.Sends), what))
	case errors.As(err, &lookup):
		addAPIError(diags, action, lookup.Cause, fmt.Sprintf("The create of %s got no definite answer, and looking "+
			"for what it may have created failed too: %s\n\n%s may or may not exist now. Check Portkey: if it does, "+
			"import it (terraform import <address> <id>) rather than applying again, which would create another.",
			what, describeAPIError(lookup.Err), what))
	default:
		addAPIError(diags, action, err, hint)
	}
}

// repeatWhileAmbiguous calls a POST that is safe to repeat (a rotation that
// recovers a secret, an invite's re-send) until it gets a definite answer:
// an ambiguous failure is sent again after the client's backoff, at most
// max_retries times.
func repeatWhileAmbiguous[T any](ctx context.Context, c *client.Client, call func(context.Context) (T, error)) (T, error) {
	for sent := 1; ; sent++ {
		v, err := call(ctx)
		if err == nil || !client.IsAmbiguous(err) || sent > c.MaxRetries() {
			return v, err
		}
		if werr := c.WaitBeforeResend(ctx, sent, err); werr != nil {
			return v, err
		}
	}
}

// privateSecretLost marks, in private state, an object this provider created
// whose secret (a key's, an invite link) could not be recovered: its next
// plan mints one (a replacement of the key, a re-send of the invite).
const privateSecretLost = "secret_lost"

// secretLost reports whether the private state carries privateSecretLost.
func secretLost(ctx context.Context, p privateGetter) bool {
	if p == nil {
		return false
	}
	raw, _ := p.GetKey(ctx, privateSecretLost)
	return string(raw) == "true"
}
