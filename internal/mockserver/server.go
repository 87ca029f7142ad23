package mockserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// APIPrefix is where the Admin API is served; a client's base URL is the
// server's URL plus this prefix.
const APIPrefix = "/v1"

// Options configure a Server. Zero values get sensible defaults.
type Options struct {
	// APIKeys are the organisation admin keys the server accepts.
	APIKeys []string
	// Clock and NewID make time and identifiers deterministic in tests.
	Clock func() time.Time
	NewID func() string
	// OwnerEmail is the seeded organisation owner (default owner@example.com).
	OwnerEmail string
	// InviteTTL is how long an invite stays pending (default 7 days).
	InviteTTL time.Duration
	// Guardrails are the organisation's guardrails (organisation.go), kept
	// across Reset.
	Guardrails []Guardrail
	// FloatLiterals answers every JSON number as a float literal (10.0, not
	// 10), as the live API can (float_literals.go).
	FloatLiterals bool
	// NoSpecValidation turns off checking requests against Portkey's
	// OpenAPI document (spec.go).
	NoSpecValidation bool
	// NoHooks turns the HTTP hooks under /__mock/ off: they answer 404, as
	// Portkey would, so a client sees only the Admin API (the acceptance
	// suite's live mode against the standalone mock). The Go hooks stay.
	NoHooks bool
	// NamePrefix, when set, refuses creates and renames of workspaces and
	// API keys, and invites, whose name (email) lacks it (name_prefix.go).
	NamePrefix string
	// Lag is how long reads trail API writes, by kind (KindWorkspace, …) or
	// LagAllKinds; none by default (lag.go).
	Lag map[string]time.Duration
	// LagListsOnly makes the lag apply to lists only, GETs of single
	// objects being current (SetLagListsOnly).
	LagListsOnly bool
	// OrgAdminsAreWorkspaceAdmins makes organisation admins, like owners,
	// read back as workspace admins whatever role they are added with
	// (workspace_roles.go); off by default.
	OrgAdminsAreWorkspaceAdmins bool
}

// Server is a stateful, in-memory Portkey Admin API. All state sits behind
// one mutex; values are copied in and out.
type Server struct {
	mu   sync.Mutex
	opts Options
	mux  *http.ServeMux

	orgID      string
	adminKeys  map[string]bool
	seq        int64
	workspaces map[string]*Workspace         // by UUID
	users      map[string]*User              // by id
	members    map[string]map[string]*Member // workspace UUID -> user id
	invites    map[string]*Invite            // by id
	apiKeys    map[string]*APIKey            // by id
	departed   map[string]bool               // ids of users who left the organisation
	goneWS     map[string]bool               // UUIDs and slugs of deleted workspaces (the API answers 403)
	keyHistory apiKeyHistory                 // minted secrets; keys revoked with their user (api_keys.go)
	org        organisationState             // guardrails, default guardrails, exclusions (organisation.go)

	faults   []*Fault
	requests []Request
	chaos    chaosState // the seeded random fault mode (chaos.go)

	routeList  []string        // every Admin API route, "METHOD /path", as registered (spec.go)
	violations []SpecViolation // requests that broke Portkey's OpenAPI document (spec.go)
	lag        lagState        // read-after-write lag (lag.go)
}

// New returns a server with a seeded organisation: an owner and the default
// ("Shared Team Workspace") workspace with the owner as its admin.
func New(opts Options) *Server {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = newUUID
	}
	if opts.OwnerEmail == "" {
		opts.OwnerEmail = "owner@example.com"
	}
	if opts.InviteTTL == 0 {
		opts.InviteTTL = 7 * 24 * time.Hour
	}
	if !opts.NoSpecValidation {
		if _, err := loadSpecChecker(); err != nil {
			panic("mockserver: " + err.Error())
		}
	}
	s := &Server{opts: opts, mux: http.NewServeMux()}
	for kind, d := range opts.Lag {
		if err := s.SetLag(kind, d); err != nil {
			panic("mockserver: Options.Lag: " + err.Error())
		}
	}
	s.lag.listsOnly = opts.LagListsOnly
	s.resetLocked()
	s.routes()
	return s
}

// resetLocked (re)builds the initial state. Callers hold s.mu or own s.
// Admin keys accepted so far (Options, AddAdminKey, seeds) stay accepted.
func (s *Server) resetLocked() {
	s.orgID = s.opts.NewID()
	if s.adminKeys == nil {
		s.adminKeys = map[string]bool{}
	}
	for _, k := range s.opts.APIKeys {
		s.adminKeys[k] = true
	}
	s.workspaces = map[string]*Workspace{}
	s.users = map[string]*User{}
	s.members = map[string]map[string]*Member{}
	s.invites = map[string]*Invite{}
	s.apiKeys = map[string]*APIKey{}
	s.departed = map[string]bool{}
	s.goneWS = map[string]bool{}
	s.keyHistory = apiKeyHistory{}
	s.faults = nil
	s.requests = nil
	s.chaos = chaosState{}
	s.resetOrganisationLocked()
	s.lag.pending = nil

	owner := s.addUserLocked(User{Email: s.opts.OwnerEmail, FirstName: "Org", LastName: "Owner", Role: "owner"})
	ws := s.addWorkspaceLocked(Workspace{Name: "Shared Team Workspace", IsDefault: 1})
	s.addMemberLocked(ws.ID, owner.ID, "admin")
}

// Reset restores the initial state (a new organisation with only the owner
// and the default workspace), keeping every admin key accepted so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}

// OrganisationID is the organisation every object belongs to.
func (s *Server) OrganisationID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orgID
}

// AddAdminKey makes the server accept another organisation admin key.
func (s *Server) AddAdminKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.adminKeys[key] = true
}

func (s *Server) routes() {
	s.registerWorkspaceRoutes()
	s.registerUserRoutes()
	s.registerMemberRoutes()
	s.registerInviteRoutes()
	s.registerAPIKeyRoutes()
	s.registerOrganisationRoutes()
	s.registerHookRoutes()
	s.registerLagRoutes()
	s.registerChaosRoutes()
}

// handle registers an Admin API route, e.g. handle("GET /admin/workspaces", h).
func (s *Server) handle(method, path string, h http.HandlerFunc) {
	s.routeList = append(s.routeList, method+" "+path)
	s.mux.HandleFunc(method+" "+APIPrefix+path, h)
}

// ServeHTTP serves the Admin API under /v1 and the test hooks under /__mock/
// (unless Options.NoHooks).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isHookPath(r.URL.Path) {
		if s.opts.NoHooks {
			writeJSON(w, http.StatusNotFound, map[string]any{
				"success": false,
				"data":    map[string]any{"message": fmt.Sprintf("Cannot %s %s (the mock's hooks are off)", r.Method, r.URL.Path)},
			})
			return
		}
		s.mux.ServeHTTP(w, r)
		return
	}
	s.serveAPI(w, r)
}

func (s *Server) now() time.Time { return s.opts.Clock().UTC() }

func (s *Server) nextSeq() int64 {
	s.seq++
	return s.seq
}

// Start serves s on a loopback port until the test ends. It returns the base
// URL to give a client (the server URL plus /v1). When the test ends, after
// the server closed, any request still recorded as breaking Portkey's
// OpenAPI document fails the test (see TakeSpecViolations).
func (s *Server) Start(t interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
}) string {
	t.Helper()
	t.Cleanup(func() { s.failOnSpecViolations(t) })
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL + APIPrefix
}

type principalKey struct{}

// principal is who a request authenticated as.
type principal struct {
	admin       bool
	apiKeyID    string
	workspaceID string
	scopes      []string
}

func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	if p == nil {
		return &principal{}
	}
	return p
}

// canAccessWorkspace reports whether the caller may act on workspace wsID
// (a UUID) with the given scope: admin keys always may; minted workspace
// keys only inside their own workspace and with the scope.
func (p *principal) canAccessWorkspace(wsID, scope string) bool {
	if p.admin {
		return true
	}
	if p.workspaceID != wsID {
		return false
	}
	for _, sc := range p.scopes {
		if sc == scope {
			return true
		}
	}
	return false
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("mockserver: reading random bytes: %v", err))
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("mockserver: reading random bytes: %v", err))
	}
	return hex.EncodeToString(b)[:n]
}
