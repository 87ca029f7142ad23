package mockserver

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Every Admin API request the mock receives is checked against Portkey's
// OpenAPI document (the committed subset openapi/portkey-admin.yaml, see
// spec_subset.go) before it is handled: method and path, path and query
// parameters, and the JSON body. A request that breaks it is answered 400
// AB01 naming the violation, and recorded; Start fails the test at cleanup
// while any recorded violation remains, so the test whose client sent it
// fails. Beyond what OpenAPI 3.0 checks by default, unknown query parameters
// and unknown body fields are violations too, as the mock's own decoding
// rejects them (1.5). The spec's known bugs are tolerated through the
// allow-list below; Options.NoSpecValidation turns the check off.

//go:embed openapi/portkey-admin.yaml
var specSubsetYAML []byte

// specAllowList is what the mock accepts although Portkey's OpenAPI document
// does not: each entry is a documented spec bug (API-NOTES.md section in
// brackets), applied to the loaded document. Keep it short; every entry
// widens what a client may send unnoticed, and spec_test.go holds, for each,
// a request that only it lets through. Spec bugs that need no entry: the
// member list's swapped paging defaults (9.6; defaults are never applied to
// a request), and invite workspaces described as slugs (9.11; any string).
var specAllowList = []specAllowance{
	{
		// [9.3, 11.8] The spec has no DELETE body; the real API requires
		// {"name": <current name>} as confirmation, and cascades through the
		// workspace's dependents with force_delete=true, which the official
		// provider sends in the body; the mock accepts it in the query too.
		what: "DELETE /admin/workspaces/{workspaceId} takes the body {name, force_delete} and the query force_delete",
		apply: func(doc *openapi3.T) error {
			op, err := specOperation(doc, "DELETE", "/admin/workspaces/{workspaceId}")
			if err != nil {
				return err
			}
			body := openapi3.NewObjectSchema().
				WithProperty("name", openapi3.NewStringSchema()).
				WithProperty("force_delete", openapi3.NewBoolSchema())
			body.Required = []string{"name"}
			op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithRequired(true).WithJSONSchema(body)}
			addQueryParam(op, "force_delete", openapi3.NewBoolSchema())
			return nil
		},
	},
	{
		// [4] GET of one workspace takes name_format=plain to answer the
		// name without its icon (Portkey's backend changelog); the default
		// is display.
		what: "GET /admin/workspaces/{workspaceId} takes the query name_format",
		apply: func(doc *openapi3.T) error {
			op, err := specOperation(doc, "GET", "/admin/workspaces/{workspaceId}")
			if err != nil {
				return err
			}
			addQueryParam(op, "name_format", openapi3.NewStringSchema().WithEnum("display", "plain"))
			return nil
		},
	},
	{
		// [4] The workspace list's status filter is comma-separated
		// ("active,archived"); the spec allows one value.
		what: "GET /admin/workspaces takes status as a comma-separated list",
		apply: func(doc *openapi3.T) error {
			op, err := specOperation(doc, "GET", "/admin/workspaces")
			if err != nil {
				return err
			}
			p := op.Parameters.GetByInAndName(openapi3.ParameterInQuery, "status")
			if p == nil {
				return fmt.Errorf("GET /admin/workspaces has no status parameter")
			}
			p.Schema = openapi3.NewStringSchema().WithPattern(`^(active|archived)(,(active|archived))*$`).NewRef()
			return nil
		},
	},
	{
		// [6] The API-key list filters by status, a comma-separated list of
		// active, exhausted and expired (S3; the mock serves it).
		what: "GET /api-keys takes the query status",
		apply: func(doc *openapi3.T) error {
			op, err := specOperation(doc, "GET", "/api-keys")
			if err != nil {
				return err
			}
			addQueryParam(op, "status", openapi3.NewStringSchema().WithPattern(`^(active|exhausted|expired)(,(active|exhausted|expired))*$`))
			return nil
		},
	},
	{
		// [1.3, 9.7] Users and invites page with pageSize/currentPage, the
		// rest with page_size/current_page; the API accepts both casings
		// (S3), and so does the mock on every list.
		what: "every list takes both page_size/current_page and pageSize/currentPage",
		apply: func(doc *openapi3.T) error {
			for _, path := range []string{"/admin/users", "/admin/users/invites", "/admin/workspaces", "/admin/workspaces/{workspaceId}/users", "/api-keys"} {
				op, err := specOperation(doc, "GET", path)
				if err != nil {
					return err
				}
				for _, name := range []string{"page_size", "current_page", "pageSize", "currentPage"} {
					addQueryParam(op, name, openapi3.NewIntegerSchema().WithMin(0))
				}
			}
			return nil
		},
	},
	{
		// [9.10, 11.3] CreateInvite.workspaces is required in the current
		// schema; the older docs call it optional (the user joins the default
		// workspace) and the official provider's live tests invite without it.
		what: "POST /admin/users/invites without workspaces",
		apply: func(doc *openapi3.T) error {
			s, err := specSchema(doc, "CreateInvite")
			if err != nil {
				return err
			}
			s.Required = slices.DeleteFunc(slices.Clone(s.Required), func(f string) bool { return f == "workspaces" })
			return nil
		},
	},
	{
		// [4, 9.26] icon (an emoji; null or "" clears it) is accepted on
		// workspace create and update, though the spec lacks it (S3, S6).
		what: "workspace create and update take icon",
		apply: func(doc *openapi3.T) error {
			for _, method := range []string{"POST /admin/workspaces", "PUT /admin/workspaces/{workspaceId}"} {
				m, p, _ := strings.Cut(method, " ")
				body, err := specBody(doc, m, p)
				if err != nil {
					return err
				}
				body.Properties["icon"] = openapi3.NewStringSchema().WithNullable().NewRef()
			}
			return nil
		},
	},
	{
		// [4, 9.5] A workspace PUT clears its limits with null (the official
		// provider sends null); the spec types them as arrays only.
		what: "PUT /admin/workspaces/{workspaceId} takes usage_limits and rate_limits null",
		apply: func(doc *openapi3.T) error {
			body, err := specBody(doc, "PUT", "/admin/workspaces/{workspaceId}")
			if err != nil {
				return err
			}
			return nullableProperties(body, "usage_limits", "rate_limits")
		},
	},
	{
		// [6] An API-key PUT removes its usage limit with usage_limits null
		// (the official provider sends null); the spec's $ref cannot say
		// nullable. rate_limits, expires_at and rotation_policy are nullable
		// in the spec already.
		what: "PUT /api-keys/{id} takes usage_limits null",
		apply: func(doc *openapi3.T) error {
			s, err := specSchema(doc, "UpdateApiKeyObject")
			if err != nil {
				return err
			}
			return nullableProperties(s, "usage_limits")
		},
	},
	{
		// [4, 9.24] credit_limit and alert_threshold are amounts (dollars
		// for type cost) and the API answers them as decimals; the spec says
		// integer.
		what: "usage limits' credit_limit and alert_threshold are decimals",
		apply: func(doc *openapi3.T) error {
			s, err := specSchema(doc, "UsageLimits")
			if err != nil {
				return err
			}
			for _, f := range []string{"credit_limit", "alert_threshold"} {
				p := s.Properties[f]
				if p == nil || p.Value == nil {
					return fmt.Errorf("UsageLimits has no %s", f)
				}
				v := *p.Value
				v.Type = &openapi3.Types{openapi3.TypeNumber}
				s.Properties[f] = v.NewRef()
			}
			return nil
		},
	},
}

// specAllowance is one entry of specAllowList.
type specAllowance struct {
	what  string
	apply func(doc *openapi3.T) error
}

// routesOutsideSpec are the mock's routes that have no operation in
// Portkey's OpenAPI document, with why the mock serves them; they are not
// checked.
var routesOutsideSpec = map[string]string{
	"PUT /admin/users/invites/{id}":   "answers 404: invites cannot be updated (API-NOTES.md 3, 1.5)",
	"PATCH /admin/users/invites/{id}": "answers 404: invites cannot be updated (API-NOTES.md 3)",
	// Organisation defaults and workspace exclusions are in no spec: the
	// backend changelog v1.22.0 and the guardrail docs (API-NOTES.md 7, 9.22).
	// Their handlers decode bodies strictly against the mock's own wire types.
	"GET /admin/organisation/defaults":            "in no spec: backend changelog v1.22.0 (API-NOTES.md 7, 9.22)",
	"PUT /admin/organisation/defaults":            "in no spec: backend changelog v1.22.0 (API-NOTES.md 7, 9.22)",
	"GET /workspace-exclusions/input-guardrails":  "in no spec: the guardrail docs (API-NOTES.md 7)",
	"PUT /workspace-exclusions/input-guardrails":  "in no spec: the guardrail docs (API-NOTES.md 7)",
	"GET /workspace-exclusions/output-guardrails": "in no spec: the guardrail docs (API-NOTES.md 7)",
	"PUT /workspace-exclusions/output-guardrails": "in no spec: the guardrail docs (API-NOTES.md 7)",
}

// SpecViolation is a request that broke Portkey's OpenAPI document: the
// request as logged (see Request) and what was wrong with it.
type SpecViolation struct {
	Method  string `json:"method"`
	Path    string `json:"path"`  // under /v1
	Route   string `json:"route"` // the mock's route, e.g. "PUT /api-keys/{id}"
	Query   string `json:"query,omitempty"`
	Body    string `json:"body,omitempty"`
	Problem string `json:"problem"`
}

func (v SpecViolation) String() string {
	target := v.Path
	if v.Query != "" {
		target += "?" + v.Query
	}
	s := fmt.Sprintf("%s %s: %s", v.Method, target, v.Problem)
	if v.Body != "" {
		s += "\n    body: " + v.Body
	}
	return s
}

// SpecViolations returns the requests so far that broke Portkey's OpenAPI
// document (see Options.NoSpecValidation).
func (s *Server) SpecViolations() []SpecViolation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// TakeSpecViolations returns the recorded violations and forgets them. A
// test that sends an invalid request on purpose takes (and checks) what it
// caused, so that Start's cleanup does not fail it.
func (s *Server) TakeSpecViolations() []SpecViolation {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

// failOnSpecViolations reports every violation still recorded as a test
// error: the test that sent the request fails.
func (s *Server) failOnSpecViolations(t interface{ Errorf(string, ...any) }) {
	v := s.SpecViolations()
	if len(v) == 0 {
		return
	}
	lines := make([]string, len(v))
	for i, one := range v {
		lines[i] = "  " + one.String()
	}
	t.Errorf("the mock received %d request(s) that break Portkey's OpenAPI document (internal/mockserver/spec.go; "+
		"a test that sends one on purpose takes it with TakeSpecViolations):\n%s", len(v), strings.Join(lines, "\n"))
}

// checkSpec validates one Admin API request against the spec and returns
// what is wrong with it ("" when nothing is). route is the mock's matched
// route without the /v1 prefix, body the request body already read.
func (s *Server) checkSpec(r *http.Request, route string, body []byte) string {
	if s.opts.NoSpecValidation {
		return ""
	}
	if _, outside := routesOutsideSpec[route]; outside {
		return ""
	}
	checker, err := loadSpecChecker()
	if err != nil {
		return err.Error() // New panics first; kept for safety
	}
	return checker.checkRoute(r, route, body)
}

// checkRoute validates a request to one of the mock's routes ("METHOD
// /path/{param}", without /v1).
func (c *specChecker) checkRoute(r *http.Request, route string, body []byte) string {
	method, path, _ := strings.Cut(route, " ")
	op := c.ops[operationKey(method, path)]
	if op == nil {
		return fmt.Sprintf("the mock serves %s, which Portkey's OpenAPI document lacks", route)
	}
	return c.check(r, op, body)
}

// specChecker validates requests against the loaded spec.
type specChecker struct {
	ops map[string]*specOp // by operationKey
}

// specOp is one operation of the spec, ready to validate against.
type specOp struct {
	route *routers.Route
	query map[string]bool // the query parameters it declares
}

// loadSpecChecker loads the embedded subset once per process.
var loadSpecChecker = sync.OnceValues(func() (*specChecker, error) {
	return newSpecChecker(specSubsetYAML, specAllowList)
})

// newSpecChecker loads an OpenAPI document and applies the allow-list to it.
func newSpecChecker(data []byte, allow []specAllowance) (*specChecker, error) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("loading the embedded OpenAPI subset: %w", err)
	}
	for _, a := range allow {
		if err := a.apply(doc); err != nil {
			return nil, fmt.Errorf("allow-list entry %q: %w", a.what, err)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					closeObjects(mt.Schema, map[*openapi3.Schema]bool{})
				}
			}
		}
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("the embedded OpenAPI subset (allow-list applied) is invalid: %w", err)
	}
	c := &specChecker{ops: map[string]*specOp{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			query := map[string]bool{}
			for _, params := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range params {
					if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
						query[p.Value.Name] = true
					}
				}
			}
			c.ops[operationKey(method, path)] = &specOp{
				route: &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op},
				query: query,
			}
		}
	}
	return c, nil
}

// closeObjects makes every object schema under ref that does not say
// otherwise reject unknown properties (OpenAPI 3.0 allows them by default).
func closeObjects(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		closed := false
		s.AdditionalProperties.Has = &closed
	}
	for _, p := range s.Properties {
		closeObjects(p, seen)
	}
	closeObjects(s.Items, seen)
	closeObjects(s.AdditionalProperties.Schema, seen)
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, sub := range group {
			closeObjects(sub, seen)
		}
	}
}

var specValidationOptions = &openapi3filter.Options{
	MultiError:                        true,
	SkipSettingDefaults:               true, // never rewrite the request the handler reads
	RejectWhenRequestBodyNotSpecified: true,
	AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc, // the mock authenticates itself
	SchemaValidationOptions: []openapi3.SchemaValidationOption{
		// date-time is checked by default; uuid (any version: real user ids
		// are v1) and email are opt-in.
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
		openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
	},
}

func (c *specChecker) check(r *http.Request, op *specOp, body []byte) string {
	var problems []string
	for name := range r.URL.Query() {
		if !op.query[name] {
			problems = append(problems, fmt.Sprintf("query parameter %q is not in the spec", name))
		}
	}
	params, err := pathParams(op.route.Path, strings.TrimPrefix(r.URL.EscapedPath(), APIPrefix))
	if err != nil {
		problems = append(problems, err.Error())
	} else {
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		err := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: op.route, Options: specValidationOptions,
		})
		problems = append(problems, describeSpecError(err)...)
	}
	if len(problems) == 0 {
		return ""
	}
	slices.Sort(problems)
	return strings.Join(problems, "; ") + fmt.Sprintf(" (Portkey's OpenAPI document, %s %s)", op.route.Method, op.route.Path)
}

// pathParams matches an escaped request path against a spec path template.
func pathParams(template, path string) (map[string]string, error) {
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return nil, fmt.Errorf("path %s does not match %s", path, template)
	}
	params := map[string]string{}
	for i, seg := range want {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			v, err := url.PathUnescape(got[i])
			if err != nil {
				return nil, fmt.Errorf("path segment %q: %w", got[i], err)
			}
			params[seg[1:len(seg)-1]] = v
		} else if seg != got[i] {
			return nil, fmt.Errorf("path %s does not match %s", path, template)
		}
	}
	return params, nil
}

// describeSpecError flattens kin-openapi's errors into one line each:
// where (body field, parameter) and what. It matches on the concrete types,
// as errors.As would see through a RequestError to the MultiError it wraps.
func describeSpecError(err error) []string {
	switch e := err.(type) { //nolint:errorlint // each level is handled, in order
	case nil:
		return nil
	case openapi3.MultiError:
		var out []string
		for _, one := range e {
			out = append(out, describeSpecError(one)...)
		}
		return out
	case *openapi3filter.RequestError:
		where := "body"
		if p := e.Parameter; p != nil {
			where = fmt.Sprintf("%s parameter %q", p.In, p.Name)
		}
		if e.Err == nil {
			return []string{where + ": " + e.Reason}
		}
		var out []string
		for _, d := range describeSpecError(e.Err) {
			if field, ok := strings.CutPrefix(d, "/"); ok {
				out = append(out, where+" field "+field)
			} else {
				out = append(out, where+": "+d)
			}
		}
		return out
	case *openapi3.SchemaError:
		reason, _, _ := strings.Cut(e.Reason, " (string doesn't match pattern") // the pattern adds nothing for a format
		if ptr := e.JSONPointer(); len(ptr) > 0 {
			return []string{"/" + fieldPath(ptr) + ": " + reason}
		}
		return []string{reason}
	}
	return []string{err.Error()}
}

// fieldPath spells a JSON pointer as the API's messages do:
// usage_limits[0].type.
func fieldPath(ptr []string) string {
	var b strings.Builder
	for _, seg := range ptr {
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// specOperation finds an operation of the loaded spec.
func specOperation(doc *openapi3.T, method, path string) (*openapi3.Operation, error) {
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		return nil, fmt.Errorf("the spec has no %s %s", method, path)
	}
	return item.GetOperation(method), nil
}

// specBody is the JSON body schema of an operation.
func specBody(doc *openapi3.T, method, path string) (*openapi3.Schema, error) {
	op, err := specOperation(doc, method, path)
	if err != nil {
		return nil, err
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil, fmt.Errorf("%s %s has no request body", method, path)
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil, fmt.Errorf("%s %s has no JSON body schema", method, path)
	}
	return mt.Schema.Value, nil
}

// specSchema is a named component schema.
func specSchema(doc *openapi3.T, name string) (*openapi3.Schema, error) {
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("the spec has no schema %s", name)
	}
	return ref.Value, nil
}

// nullableProperties lets the named properties of s be null, without
// changing the schemas they share with other places.
func nullableProperties(s *openapi3.Schema, names ...string) error {
	for _, name := range names {
		p := s.Properties[name]
		if p == nil || p.Value == nil {
			return fmt.Errorf("no property %s", name)
		}
		v := *p.Value
		v.Nullable = true
		s.Properties[name] = v.NewRef()
	}
	return nil
}

func addQueryParam(op *openapi3.Operation, name string, schema *openapi3.Schema) {
	if op.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) != nil {
		return
	}
	op.AddParameter(openapi3.NewQueryParameter(name).WithSchema(schema))
}

// specRoutes are the operation keys (see operationKey) of the routes the
// mock serves that the spec documents, sorted.
func (s *Server) specRoutes() []string {
	var keys []string
	for _, route := range s.routeList {
		if _, outside := routesOutsideSpec[route]; outside {
			continue
		}
		method, path, _ := strings.Cut(route, " ")
		keys = append(keys, operationKey(method, path))
	}
	slices.Sort(keys)
	return keys
}

func (s *Server) recordViolation(e Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, SpecViolation{
		Method: e.Method, Path: e.Path, Route: e.Route, Query: e.Query, Body: e.Body, Problem: e.Violation,
	})
}
