package provider

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// fakeTime is a settler clock that moves only when settle pauses.
type fakeTime struct {
	now    time.Time
	pauses []time.Duration
}

func (f *fakeTime) settler(timeout time.Duration) settler {
	return settler{
		timeout: timeout,
		now:     func() time.Time { return f.now },
		sleep: func(ctx context.Context, d time.Duration) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			f.pauses = append(f.pauses, d)
			f.now = f.now.Add(d)
			return nil
		},
	}
}

var errNotFound = &client.APIError{StatusCode: 404, Code: "AB08", Message: "not found"}

func TestSettle_readsUntilSettled(t *testing.T) {
	t.Parallel()
	ft := &fakeTime{now: time.Unix(0, 0)}
	reads := 0
	get := func(context.Context) (int, error) {
		reads++
		if reads < 4 {
			return 0, errNotFound
		}
		return reads, nil
	}
	v, ok, err := settle(context.Background(), ft.settler(10*time.Second), get, settledFound[int])
	if !ok || err != nil || v != 4 || reads != 4 {
		t.Fatalf("settle = %d, %v, %v after %d reads; want the 4th answer", v, ok, err, reads)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	if fmt.Sprint(ft.pauses) != fmt.Sprint(want) {
		t.Fatalf("pauses %v, want %v", ft.pauses, want)
	}
}

// Past the timeout settle stops, with the last answer and ok false; the last
// pause is cut to the time left.
func TestSettle_boundedByTimeout(t *testing.T) {
	t.Parallel()
	ft := &fakeTime{now: time.Unix(0, 0)}
	reads := 0
	get := func(context.Context) (string, error) { reads++; return fmt.Sprint("stale ", reads), nil }
	v, ok, err := settle(context.Background(), ft.settler(3*time.Second), get, func(string, error) bool { return false })
	if ok || err != nil {
		t.Fatalf("settle = %q, %v, %v; want not settled", v, ok, err)
	}
	var total time.Duration
	for _, p := range ft.pauses {
		total += p
	}
	// 0.1 + 0.2 + 0.4 + 0.8 + 1 + 0.5 (cut) = 3 s: seven reads.
	if total != 3*time.Second || reads != 7 || v != "stale 7" {
		t.Fatalf("waited %v over %d reads (last %q), pauses %v; want 3s, 7 reads", total, reads, v, ft.pauses)
	}
}

func TestSettle_errorsAndCancellation(t *testing.T) {
	t.Parallel()
	ft := &fakeTime{now: time.Unix(0, 0)}
	boom := errors.New("boom")
	_, ok, err := settle(context.Background(), ft.settler(time.Second), func(context.Context) (int, error) { return 0, boom }, settledFound[int])
	if !ok || !errors.Is(err, boom) || len(ft.pauses) != 0 {
		t.Fatalf("an error other than not found ends a create's wait at once: %v %v %v", ok, err, ft.pauses)
	}
	_, ok, err = settle(context.Background(), ft.settler(time.Second), func(context.Context) (int, error) { return 0, errNotFound }, settledGone[int])
	if !ok || err == nil {
		t.Fatalf("not found settles a delete: %v %v", ok, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, ok, err = settle(ctx, ft.settler(time.Minute), func(context.Context) (int, error) { return 0, errNotFound }, settledFound[int])
	if ok || err == nil {
		t.Fatalf("a cancelled context ends the wait: %v %v", ok, err)
	}
	if (settler{}).limit() != defaultSettleTimeout {
		t.Fatalf("the zero settler waits %v", settler{}.limit())
	}
}

func TestSettle_realClockPauses(t *testing.T) {
	t.Parallel()
	reads := 0
	start := time.Now()
	_, ok, _ := settle(context.Background(), settler{timeout: time.Second}, func(context.Context) (int, error) {
		reads++
		return reads, nil
	}, func(n int, _ error) bool { return n == 2 })
	if !ok || reads != 2 || time.Since(start) < settlePauses[0] {
		t.Fatalf("settled %v after %d reads in %v; want a real pause between two reads", ok, reads, time.Since(start))
	}
}

var trustType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"id":      tftypes.String,
	"name":    tftypes.String,
	"updated": tftypes.String,
	"limits": tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"value": tftypes.Number, "reset_at": tftypes.String,
	}}},
}}

func trustObject(name, updated any, limits []tftypes.Value) tftypes.Value {
	limitType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"value": tftypes.Number, "reset_at": tftypes.String}}
	var l tftypes.Value
	if limits == nil {
		l = tftypes.NewValue(tftypes.List{ElementType: limitType}, nil)
	} else {
		l = tftypes.NewValue(tftypes.List{ElementType: limitType}, limits)
	}
	return tftypes.NewValue(trustType, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, "ws-1"), "name": tftypes.NewValue(tftypes.String, name),
		"updated": tftypes.NewValue(tftypes.String, updated), "limits": l,
	})
}

func limit(value, resetAt any) tftypes.Value {
	return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"value": tftypes.Number, "reset_at": tftypes.String}},
		map[string]tftypes.Value{"value": tftypes.NewValue(tftypes.Number, value), "reset_at": tftypes.NewValue(tftypes.String, resetAt)})
}

func TestTrustPlan(t *testing.T) {
	t.Parallel()
	plan := trustObject("New", tftypes.UnknownValue, []tftypes.Value{limit(10, tftypes.UnknownValue)})
	read := trustObject("Old", "2026-06-11T09:00:00.000Z", []tftypes.Value{limit(5, "2026-07-01T00:00:00.000Z")})
	got, err := trustPlan(plan, read)
	if err != nil {
		t.Fatal(err)
	}
	want := trustObject("New", "2026-06-11T09:00:00.000Z", []tftypes.Value{limit(10, "2026-07-01T00:00:00.000Z")})
	if !got.Equal(want) {
		t.Fatalf("trustPlan = %v, want %v", got, want)
	}
	// Without a read, what the plan does not know is null.
	got, err = trustPlan(plan, tftypes.NewValue(trustType, nil))
	if err != nil || !got.Equal(trustObject("New", nil, []tftypes.Value{limit(10, nil)})) || !got.IsFullyKnown() {
		t.Fatalf("trustPlan without a read = %v, %v", got, err)
	}
}

func TestCoveredBy(t *testing.T) {
	t.Parallel()
	plan := trustObject("New", tftypes.UnknownValue, []tftypes.Value{limit(10, tftypes.UnknownValue)})
	for name, tc := range map[string]struct {
		got  tftypes.Value
		want bool
	}{
		"shows the plan":        {trustObject("New", "t2", []tftypes.Value{limit(10, "r")}), true},
		"old name":              {trustObject("Old", "t2", []tftypes.Value{limit(10, "r")}), false},
		"old limit":             {trustObject("New", "t2", []tftypes.Value{limit(5, "r")}), false},
		"limit missing":         {trustObject("New", "t2", nil), false},
		"an extra limit":        {trustObject("New", "t2", []tftypes.Value{limit(10, "r"), limit(1, "r")}), false},
		"unknown parts ignored": {trustObject("New", nil, []tftypes.Value{limit(10, nil)}), true},
	} {
		if got := coveredBy(plan, tc.got); got != tc.want {
			t.Errorf("%s: coveredBy = %v, want %v", name, got, tc.want)
		}
	}
	set := func(v ...tftypes.Value) tftypes.Value {
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, v)
	}
	a, b := tftypes.NewValue(tftypes.String, "a"), tftypes.NewValue(tftypes.String, "b")
	if !coveredBy(set(a, b), set(b, a)) || coveredBy(set(a, b), set(a)) || !coveredBy(set(a, tftypes.NewValue(tftypes.String, tftypes.UnknownValue)), set(b)) {
		t.Error("sets compare whole when known, and match anything with unknown elements")
	}
}

// versionMoved: another version than the one a write started from is newer.
func TestVersionMoved(t *testing.T) {
	t.Parallel()
	if !versionMoved("t2", "t1") || versionMoved("t1", "t1") || versionMoved("", "t1") || !versionMoved("t1", "") {
		t.Fatal("versionMoved")
	}
}
