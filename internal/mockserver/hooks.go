package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// Out-of-band hooks: the Go methods tests call, and the same operations over
// HTTP under /__mock/ for black-box tests and the standalone binary.

const hookPrefix = "/__mock/"

func isHookPath(p string) bool { return strings.HasPrefix(p, hookPrefix) }

// Object kinds accepted by Patch, Delete and Object.
const (
	KindWorkspace = "workspaces"
	KindUser      = "users"
	KindMember    = "members" // id is "<workspace UUID or slug>/<user id>"
	KindInvite    = "invites"
	KindAPIKey    = "api-keys"
)

// Seed is the content of a seed file (and of POST /__mock/seed).
type Seed struct {
	AdminKeys  []string    `json:"admin_keys,omitempty"`
	Users      []User      `json:"users,omitempty"`
	Workspaces []Workspace `json:"workspaces,omitempty"`
	Guardrails []Guardrail `json:"guardrails,omitempty"` // see Seed.Validate
}

// ApplySeed adds the seed's keys, users, workspaces and guardrails.
func (s *Server) ApplySeed(seed Seed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range seed.AdminKeys {
		s.adminKeys[k] = true
	}
	for _, u := range seed.Users {
		s.addUserLocked(u)
	}
	for _, w := range seed.Workspaces {
		s.addWorkspaceLocked(w)
	}
	for _, g := range seed.Guardrails {
		s.addGuardrailLocked(g)
	}
}

// objectLocked returns a pointer to the stored object of a kind.
func (s *Server) objectLocked(kind, id string) (any, error) {
	var obj any
	switch kind {
	case KindWorkspace:
		if w := s.workspaceLocked(id); w != nil {
			obj = w
		}
	case KindUser:
		if u, ok := s.users[id]; ok {
			obj = u
		}
	case KindMember:
		wsRef, userID, _ := strings.Cut(id, "/")
		if w := s.workspaceLocked(wsRef); w != nil {
			if m, ok := s.members[w.ID][userID]; ok {
				obj = m
			}
		}
	case KindInvite:
		if i, ok := s.invites[id]; ok {
			obj = i
		}
	case KindAPIKey:
		if k, ok := s.apiKeys[id]; ok {
			obj = k
		}
	default:
		return nil, fmt.Errorf("unknown kind %q (want %s, %s, %s, %s or %s)", kind, KindWorkspace, KindUser, KindMember, KindInvite, KindAPIKey)
	}
	if obj == nil {
		return nil, &noObjectError{kind: kind, id: id}
	}
	return obj, nil
}

// noObjectError is a hook's answer for an id that names nothing (HTTP 404).
type noObjectError struct{ kind, id string }

func (e *noObjectError) Error() string { return fmt.Sprintf("no %s %q", e.kind, e.id) }

// Patch changes a stored object out of band: patch is a JSON object whose
// fields (named as on the wire) overwrite the object's; null clears a field.
// Patch is any JSON-marshalable value (a map, a struct, json.RawMessage).
// A field the object does not have, or one that identifies it ("id"; for
// members "workspace_id" and "user_id"), is an error and nothing changes.
func (s *Server) Patch(kind, id string, patch any) error {
	raw, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return fmt.Errorf("patch for %s %q must be a JSON object", kind, id)
	}
	for _, f := range []string{"id", "workspace_id", "user_id"} {
		if _, ok := fields[f]; ok && (f == "id" || kind == KindMember) {
			return fmt.Errorf("patch for %s %q: %q identifies the object and cannot be patched", kind, id, f)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, err := s.objectLocked(kind, id)
	if err != nil {
		return err
	}
	// Validate on a scratch value of the same type first, so that a bad
	// patch leaves the stored object untouched.
	scratch := reflect.New(reflect.TypeOf(obj).Elem()).Interface()
	if err := unmarshalStrict(raw, scratch); err != nil {
		return fmt.Errorf("applying patch to %s %q: %w", kind, id, err)
	}
	if err := unmarshalStrict(raw, obj); err != nil {
		return fmt.Errorf("applying patch to %s %q: %w", kind, id, err)
	}
	return nil
}

func unmarshalStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Object returns the stored object as JSON (secrets excluded).
func (s *Server) Object(kind, id string) (json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, err := s.objectLocked(kind, id)
	if err != nil {
		return nil, err
	}
	return json.Marshal(obj)
}

// Objects returns every stored object of a kind as JSON (secrets excluded),
// in no particular order: members with their workspace_id and user_id.
func (s *Server) Objects(kind string) ([]json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var objs []any
	switch kind {
	case KindWorkspace:
		for _, w := range s.workspaces {
			objs = append(objs, w)
		}
	case KindUser:
		for _, u := range s.users {
			objs = append(objs, u)
		}
	case KindMember:
		for _, ms := range s.members {
			for _, m := range ms {
				objs = append(objs, m)
			}
		}
	case KindInvite:
		for _, i := range s.invites {
			objs = append(objs, i)
		}
	case KindAPIKey:
		for _, k := range s.apiKeys {
			objs = append(objs, k)
		}
	default:
		_, err := s.objectLocked(kind, "")
		return nil, err
	}
	out := make([]json.RawMessage, 0, len(objs))
	for _, o := range objs {
		raw, err := json.Marshal(o)
		if err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, nil
}

// Delete removes an object out of band, as a change in Portkey's UI would.
// Deleting a user cascades as the API does.
func (s *Server) Delete(kind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.objectLocked(kind, id); err != nil {
		return err
	}
	switch kind {
	case KindWorkspace:
		s.deleteWorkspaceLocked(s.workspaceLocked(id).ID)
	case KindUser:
		s.deleteUserLocked(id)
	case KindMember:
		wsRef, userID, _ := strings.Cut(id, "/")
		delete(s.members[s.workspaceLocked(wsRef).ID], userID)
	case KindInvite:
		delete(s.invites, id)
	case KindAPIKey:
		delete(s.apiKeys, id)
	}
	return nil
}

// deleteWorkspaceLocked removes a workspace with its memberships and keys.
func (s *Server) deleteWorkspaceLocked(wsID string) {
	s.rememberDeletedWorkspaceLocked(wsID)
	delete(s.workspaces, wsID)
	delete(s.members, wsID)
	for id, k := range s.apiKeys {
		if k.WorkspaceID != nil && *k.WorkspaceID == wsID {
			delete(s.apiKeys, id)
		}
	}
}

// deleteUserLocked removes a user, their memberships and their
// workspace-user API keys.
func (s *Server) deleteUserLocked(userID string) {
	delete(s.users, userID)
	s.departed[userID] = true
	for _, ms := range s.members {
		delete(ms, userID)
	}
	for id, k := range s.apiKeys {
		if k.UserID != nil && *k.UserID == userID {
			s.rememberRevokedAPIKeyLocked(id)
			delete(s.apiKeys, id)
		}
	}
}

// faultJSON is Fault on the wire: latency as a Go duration string ("250ms").
type faultJSON struct {
	Fault
	Latency string `json:"latency,omitempty"`
}

func (s *Server) registerHookRoutes() {
	hook := func(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				status := http.StatusBadRequest
				if errors.As(err, new(*noObjectError)) {
					status = http.StatusNotFound
				}
				writeJSON(w, status, map[string]string{"error": err.Error()})
			}
		})
	}
	decode := func(r *http.Request, v any) error {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		return dec.Decode(v)
	}
	hook("POST /__mock/reset", func(w http.ResponseWriter, _ *http.Request) error {
		s.Reset()
		writeOK(w)
		return nil
	})
	hook("POST /__mock/seed", func(w http.ResponseWriter, r *http.Request) error {
		var seed Seed
		if err := decode(r, &seed); err != nil {
			return err
		}
		if err := seed.Validate(); err != nil {
			return err
		}
		s.ApplySeed(seed)
		writeOK(w)
		return nil
	})
	hook("GET /__mock/objects/{kind}/{id...}", func(w http.ResponseWriter, r *http.Request) error {
		raw, err := s.Object(r.PathValue("kind"), r.PathValue("id"))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, raw)
		return nil
	})
	hook("GET /__mock/objects/{kind}", func(w http.ResponseWriter, r *http.Request) error {
		objs, err := s.Objects(r.PathValue("kind"))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, objs)
		return nil
	})
	hook("PATCH /__mock/objects/{kind}/{id...}", func(w http.ResponseWriter, r *http.Request) error {
		var patch json.RawMessage
		if err := decode(r, &patch); err != nil {
			return err
		}
		if err := s.Patch(r.PathValue("kind"), r.PathValue("id"), patch); err != nil {
			return err
		}
		writeOK(w)
		return nil
	})
	hook("DELETE /__mock/objects/{kind}/{id...}", func(w http.ResponseWriter, r *http.Request) error {
		if err := s.Delete(r.PathValue("kind"), r.PathValue("id")); err != nil {
			return err
		}
		writeOK(w)
		return nil
	})
	hook("POST /__mock/faults", func(w http.ResponseWriter, r *http.Request) error {
		var f faultJSON
		if err := decode(r, &f); err != nil {
			return err
		}
		if f.Latency != "" {
			d, err := time.ParseDuration(f.Latency)
			if err != nil {
				return fmt.Errorf("latency: %w", err)
			}
			f.Fault.Latency = d
		}
		s.InjectFault(f.Fault)
		writeOK(w)
		return nil
	})
	hook("DELETE /__mock/faults", func(w http.ResponseWriter, _ *http.Request) error {
		s.ClearFaults()
		writeOK(w)
		return nil
	})
	hook("GET /__mock/requests", func(w http.ResponseWriter, _ *http.Request) error {
		writeJSON(w, http.StatusOK, s.Requests())
		return nil
	})
	hook("DELETE /__mock/requests", func(w http.ResponseWriter, _ *http.Request) error {
		s.ClearRequests()
		writeOK(w)
		return nil
	})
	hook("GET /__mock/counts", func(w http.ResponseWriter, _ *http.Request) error {
		writeJSON(w, http.StatusOK, s.Counts())
		return nil
	})
}
