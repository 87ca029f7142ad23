package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
)

// Read-after-write lag (API-NOTES.md 11.1; official CHANGELOG 0.2.26: "The
// Portkey API has eventual consistency and PUT responses may return stale
// data").
//
// The model: reads come from a replica that trails the primary by the lag of
// each object's kind (the organisation's default guardrails and exclusions
// included: LagKindOrganisation). For that long after an API write, GETs and lists show
// every object the write changed as it was before the write: absent after a
// create, with its old values after an update, still there after a delete
// (cascades included: the memberships and keys a user's removal deleted).
// After several writes to one object within the lag, a read shows the
// version the lag's horizon saw (the object as it was `lag` ago). Writes
// always act on the current objects (the primary), so a PUT of an object that
// GET still calls "not found" succeeds. Authentication, the hooks and
// Server.Object are never stale.
//
// Only the lag after updates is documented; the lag after creates and
// deletes is our extrapolation (the same replica would trail them too), kept
// because it is the harsher reading: a provider that survives it survives the
// documented case.
//
// Implementation: while any lag is set, each API write runs alone
// (lagState.writeMu) between a snapshot of the store before it and a
// comparison after it; every object whose wire form changed gets a pending
// entry holding its copy from before. Read handlers take the store lock with
// lockRead, which swaps in, for the length of the handler, maps where the
// objects with pending entries are replaced by those copies. Time is the
// server's clock (Options.Clock), so tests drive the lag without sleeping.

// LagAllKinds is the key of Options.Lag and SetLag that applies to every
// kind without a duration of its own.
const LagAllKinds = "*"

// lagState is the server's lag configuration and pending stale views.
type lagState struct {
	writeMu   sync.Mutex               // serialises API writes while lag is on
	durations map[string]time.Duration // by kind, or LagAllKinds
	pending   []lagEntry               // in write order
	// listsOnly makes only the lists trail writes; GETs of single objects
	// are current (SetLagListsOnly).
	listsOnly bool
}

// objKey names one stored object: a kind and its id (members:
// "<workspace UUID>/<user id>").
type objKey struct{ kind, id string }

// lagEntry is the stale view of one object after one write.
type lagEntry struct {
	key    objKey
	before any // a deep copy of the object before the write; nil when it did not exist
	until  time.Time
}

// snapshotItem is one object as a write found it.
type snapshotItem struct {
	copy  any
	print []byte // the object's wire form, to detect a change
}

// LagKindOrganisation is the lag kind of the organisation's default
// guardrails and of its workspace exclusions (organisation.go).
const LagKindOrganisation = "organisation"

var lagKinds = []string{KindWorkspace, KindUser, KindMember, KindInvite, KindAPIKey, LagKindOrganisation}

// ParseLag parses a lag specification: a duration for every kind ("1.5s"),
// or comma-separated kind=duration pairs ("users=1.5s,workspaces=2s", with
// "*" for every other kind). A zero duration switches the lag off.
func ParseLag(spec string) (map[string]time.Duration, error) {
	out := map[string]time.Duration{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		kind, value, found := strings.Cut(part, "=")
		if !found {
			kind, value = LagAllKinds, part
		}
		kind = strings.TrimSpace(kind)
		if err := checkLagKind(kind); err != nil {
			return nil, err
		}
		d, err := time.ParseDuration(strings.TrimSpace(value))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("lag %q: %q is not a duration of 0 or more such as \"1.5s\"", part, value)
		}
		out[kind] = d
	}
	return out, nil
}

func checkLagKind(kind string) error {
	if kind == LagAllKinds {
		return nil
	}
	for _, k := range lagKinds {
		if k == kind {
			return nil
		}
	}
	return fmt.Errorf("unknown lag kind %q (want %s or one of %s)", kind, LagAllKinds, strings.Join(lagKinds, ", "))
}

// SetLag sets how long reads of objects of kind (a Kind constant, or
// LagAllKinds for every kind without its own) trail API writes; 0 switches it
// off. Writes made before keep the lag they were made with; SettleLag ends
// them.
func (s *Server) SetLag(kind string, d time.Duration) error {
	if err := checkLagKind(kind); err != nil {
		return err
	}
	if d < 0 {
		return fmt.Errorf("lag must be 0 or more, got %s", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lag.durations == nil {
		s.lag.durations = map[string]time.Duration{}
	}
	if d == 0 {
		delete(s.lag.durations, kind)
	} else {
		s.lag.durations[kind] = d
	}
	return nil
}

// SetLagListsOnly makes the lag apply to lists only, GETs of single objects
// being current: the reading in which Portkey's lists come from a replica or
// an index that trails the store its GETs read. Off by default (every read
// trails).
func (s *Server) SetLagListsOnly(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lag.listsOnly = on
}

// SettleLag makes every read current at once: pending stale views end.
func (s *Server) SettleLag() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lag.pending = nil
}

// PendingLag returns how many stale views are still pending.
func (s *Server) PendingLag() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLagLocked(s.now())
	return len(s.lag.pending)
}

func (s *Server) lagForLocked(kind string) time.Duration {
	if d, ok := s.lag.durations[kind]; ok {
		return d
	}
	return s.lag.durations[LagAllKinds]
}

func (s *Server) lagOnLocked() bool {
	for _, d := range s.lag.durations {
		if d > 0 {
			return true
		}
	}
	return false
}

// serveLagged serves an API request; while any lag is set, a write runs
// alone, between a snapshot and the recording of what it changed.
func (s *Server) serveLagged(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		s.mux.ServeHTTP(w, r)
		return
	}
	s.mu.Lock()
	on := s.lagOnLocked()
	s.mu.Unlock()
	if !on {
		s.mux.ServeHTTP(w, r)
		return
	}
	s.lag.writeMu.Lock()
	defer s.lag.writeMu.Unlock()
	s.mu.Lock()
	before := s.snapshotLocked()
	s.mu.Unlock()
	s.mux.ServeHTTP(w, r)
	s.mu.Lock()
	s.recordLagLocked(before)
	s.mu.Unlock()
}

// storeObjectsLocked lists every stored object by key.
func (s *Server) storeObjectsLocked() map[objKey]any {
	out := make(map[objKey]any, len(s.workspaces)+len(s.users)+len(s.invites)+len(s.apiKeys))
	for id, w := range s.workspaces {
		out[objKey{KindWorkspace, id}] = w
	}
	for id, u := range s.users {
		out[objKey{KindUser, id}] = u
	}
	for wsID, ms := range s.members {
		for userID, m := range ms {
			out[objKey{KindMember, wsID + "/" + userID}] = m
		}
	}
	for id, inv := range s.invites {
		out[objKey{KindInvite, id}] = inv
	}
	for id, k := range s.apiKeys {
		out[objKey{KindAPIKey, id}] = k
	}
	// The organisation's default guardrails and exclusions, per direction.
	for _, dir := range []string{DirectionInput, DirectionOutput} {
		out[objKey{LagKindOrganisation, "defaults/" + dir}] = s.org.defaults[dir]
		out[objKey{LagKindOrganisation, "excluded/" + dir}] = s.org.excluded[dir]
	}
	return out
}

func (s *Server) snapshotLocked() map[objKey]snapshotItem {
	objs := s.storeObjectsLocked()
	out := make(map[objKey]snapshotItem, len(objs))
	for key, obj := range objs {
		out[key] = snapshotItem{copy: deepCopy(obj), print: wireForm(obj)}
	}
	return out
}

// recordLagLocked adds a pending entry for every object the write created,
// changed or deleted, with its lag's expiry.
func (s *Server) recordLagLocked(before map[objKey]snapshotItem) {
	now := s.now()
	after := s.storeObjectsLocked()
	var changed []lagEntry
	for key, obj := range after {
		old, existed := before[key]
		if existed && bytes.Equal(old.print, wireForm(obj)) {
			continue
		}
		var prior any
		if existed {
			prior = old.copy
		}
		changed = append(changed, lagEntry{key: key, before: prior})
	}
	for key, old := range before {
		if _, ok := after[key]; !ok {
			changed = append(changed, lagEntry{key: key, before: old.copy})
		}
	}
	sort.Slice(changed, func(i, j int) bool { // deterministic order within one write
		return changed[i].key.kind+"\x00"+changed[i].key.id < changed[j].key.kind+"\x00"+changed[j].key.id
	})
	for _, e := range changed {
		if d := s.lagForLocked(e.key.kind); d > 0 {
			e.until = now.Add(d)
			s.lag.pending = append(s.lag.pending, e)
		}
	}
}

func (s *Server) pruneLagLocked(now time.Time) {
	kept := s.lag.pending[:0]
	for _, e := range s.lag.pending {
		if now.Before(e.until) {
			kept = append(kept, e)
		}
	}
	s.lag.pending = kept
}

// lockRead takes the store lock for a read handler and, while writes are
// pending, swaps in the stale view; the returned func restores the store and
// unlocks. Read handlers use it instead of s.mu.Lock and s.mu.Unlock.
func (s *Server) lockRead() (unlock func()) {
	s.mu.Lock()
	if s.lag.listsOnly {
		return s.mu.Unlock
	}
	restore := s.staleViewLocked()
	return func() {
		restore()
		s.mu.Unlock()
	}
}

// lockList is lockRead for the list handlers: they trail writes whenever a
// lag is set, lists only or not.
func (s *Server) lockList() (unlock func()) {
	s.mu.Lock()
	restore := s.staleViewLocked()
	return func() {
		restore()
		s.mu.Unlock()
	}
}

// staleViewLocked replaces the store's maps by copies in which every object
// with a pending entry is as that entry saw it before its write (the oldest
// pending entry of an object wins: the object as it was a lag ago). It
// returns the function that puts the real maps back.
func (s *Server) staleViewLocked() (restore func()) {
	s.pruneLagLocked(s.now())
	if len(s.lag.pending) == 0 {
		return func() {}
	}
	ws, users, members, invites, keys := s.workspaces, s.users, s.members, s.invites, s.apiKeys
	departed, goneWS := s.departed, s.goneWS
	orgDefaults, orgExcluded := s.org.defaults, s.org.excluded
	restore = func() {
		s.workspaces, s.users, s.members, s.invites, s.apiKeys = ws, users, members, invites, keys
		s.departed, s.goneWS = departed, goneWS
		s.org.defaults, s.org.excluded = orgDefaults, orgExcluded
	}

	seen := map[objKey]bool{}
	copied := map[string]bool{}
	cow := func(kind string) bool { // copy a map once, on first change
		if copied[kind] {
			return false
		}
		copied[kind] = true
		return true
	}
	for _, e := range s.lag.pending {
		if seen[e.key] {
			continue
		}
		seen[e.key] = true
		switch e.key.kind {
		case KindWorkspace:
			if cow(KindWorkspace) {
				s.workspaces = cloneMap(ws)
			}
			if e.before == nil {
				delete(s.workspaces, e.key.id)
				continue
			}
			w, _ := deepCopy(e.before).(*Workspace)
			s.workspaces[e.key.id] = w
			if cow("goneWS") {
				s.goneWS = cloneMap(goneWS)
			}
			delete(s.goneWS, w.ID)
			delete(s.goneWS, w.Slug)
		case KindUser:
			if cow(KindUser) {
				s.users = cloneMap(users)
			}
			if e.before == nil {
				delete(s.users, e.key.id)
				continue
			}
			s.users[e.key.id], _ = deepCopy(e.before).(*User)
			if cow("departed") {
				s.departed = cloneMap(departed)
			}
			delete(s.departed, e.key.id)
		case KindMember:
			wsID, userID, _ := strings.Cut(e.key.id, "/")
			if cow(KindMember) {
				s.members = cloneMap(members)
			}
			if cow(KindMember + "/" + wsID) {
				s.members[wsID] = cloneMap(members[wsID])
			}
			if e.before == nil {
				delete(s.members[wsID], userID)
				continue
			}
			s.members[wsID][userID], _ = deepCopy(e.before).(*Member)
		case KindInvite:
			if cow(KindInvite) {
				s.invites = cloneMap(invites)
			}
			if e.before == nil {
				delete(s.invites, e.key.id)
				continue
			}
			s.invites[e.key.id], _ = deepCopy(e.before).(*Invite)
		case KindAPIKey:
			if cow(KindAPIKey) {
				s.apiKeys = cloneMap(keys)
			}
			if e.before == nil {
				delete(s.apiKeys, e.key.id)
				continue
			}
			s.apiKeys[e.key.id], _ = deepCopy(e.before).(*APIKey)
		case LagKindOrganisation:
			what, dir, _ := strings.Cut(e.key.id, "/")
			if what == "defaults" {
				if cow("org defaults") {
					s.org.defaults = cloneMap(orgDefaults)
				}
				s.org.defaults[dir], _ = deepCopy(e.before).([]string)
				continue
			}
			if cow("org excluded") {
				s.org.excluded = cloneMap(orgExcluded)
			}
			s.org.excluded[dir], _ = deepCopy(e.before).(map[string]int64)
		}
	}
	return restore
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// wireForm is an object's JSON form: what a read can show of it.
func wireForm(obj any) []byte {
	raw, err := json.Marshal(obj)
	if err != nil {
		panic(fmt.Sprintf("mockserver: encoding a stored %T: %v", obj, err))
	}
	return raw
}

// deepCopy copies the object a pointer points to, sharing no pointer, slice
// or map with it (unexported fields, which hold values the handlers only
// ever replace, are copied as they are).
func deepCopy(obj any) any { return copyValue(reflect.ValueOf(obj)).Interface() }

func copyValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(copyValue(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(copyValue(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), copyValue(it.Value()))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(copyValue(v.Elem()))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				c.Field(i).Set(copyValue(v.Field(i)))
			}
		}
		return c
	}
	return v
}

// lagJSON is the lag hook's body: a kind (or "*") and a Go duration.
type lagJSON struct {
	Kind     string `json:"kind"`
	Duration string `json:"duration"`
}

func (s *Server) registerLagRoutes() {
	fail := func(w http.ResponseWriter, err error) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
	}
	s.mux.HandleFunc("PUT /__mock/lag", func(w http.ResponseWriter, r *http.Request) {
		var in lagJSON
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			fail(w, err)
			return
		}
		if in.Kind == "" {
			in.Kind = LagAllKinds
		}
		d, err := time.ParseDuration(in.Duration)
		if err != nil {
			fail(w, fmt.Errorf("duration %q: %w", in.Duration, err))
			return
		}
		if err := s.SetLag(in.Kind, d); err != nil {
			fail(w, err)
			return
		}
		writeOK(w)
	})
	s.mux.HandleFunc("GET /__mock/lag", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		durations := map[string]string{}
		for k, d := range s.lag.durations {
			durations[k] = d.String()
		}
		s.pruneLagLocked(s.now())
		pending := len(s.lag.pending)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"durations": durations, "pending": pending})
	})
	s.mux.HandleFunc("POST /__mock/lag/settle", func(w http.ResponseWriter, _ *http.Request) {
		s.SettleLag()
		writeOK(w)
	})
}
