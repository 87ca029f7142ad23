package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
)

type pagedItem struct {
	ID int `json:"id"`
}

// pagedServer serves n items in the list envelope, reading 0-based paging in
// the given casing (and failing the test if the other casing shows up).
type pagedServer struct {
	t      testing.TB
	casing pageCasing
	n      int
	// total is the envelope's total: -1 omits it, 0 means n.
	total int
	// capSize, when > 0, caps the page size the server applies.
	capSize int
	// failPage, when >= 0, answers 500 for that page.
	failPage int

	mu       sync.Mutex
	requests []url.Values
}

func (p *pagedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.requests = append(p.requests, q)
	p.mu.Unlock()
	other := camelPaging
	if p.casing == camelPaging {
		other = snakePaging
	}
	if q.Has(other.page) || q.Has(other.size) {
		p.t.Errorf("request %v uses the other casing", q)
	}
	page, err1 := strconv.Atoi(q.Get(p.casing.page))
	size, err2 := strconv.Atoi(q.Get(p.casing.size))
	if err1 != nil || err2 != nil || page < 0 || size <= 0 {
		p.t.Errorf("bad paging parameters in %v", q)
		writeTestJSON(w, http.StatusBadRequest, map[string]any{})
		return
	}
	if page == p.failPage {
		writeTestJSON(w, http.StatusInternalServerError, map[string]any{})
		return
	}
	if p.capSize > 0 && size > p.capSize {
		size = p.capSize
	}
	data := []pagedItem{}
	for i := page * size; i < min((page+1)*size, p.n); i++ {
		data = append(data, pagedItem{ID: i})
	}
	env := map[string]any{"object": "list", "data": data}
	switch {
	case p.total > 0:
		env["total"] = p.total
	case p.total == 0:
		env["total"] = p.n
	}
	writeTestJSON(w, http.StatusOK, env)
}

func (p *pagedServer) pages() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, q := range p.requests {
		out = append(out, q.Get(p.casing.page))
	}
	return out
}

func runListAll(t *testing.T, p *pagedServer, query url.Values, pageSize int) ([]pagedItem, error) {
	t.Helper()
	p.t = t
	ts := newPagedTestServer(t, p)
	c := newTransportTestClient(t, ts, func(cfg *Config) { cfg.MaxRetries = 0 })
	return listAll[pagedItem](context.Background(), c, "/admin/things", query, p.casing, pageSize)
}

func newPagedTestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) })
	return ts.URL
}

func wantItems(t *testing.T, got []pagedItem, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d items, want %d", len(got), n)
	}
	for i, it := range got {
		if it.ID != i {
			t.Fatalf("item %d has id %d: items are missing, duplicated or out of order", i, it.ID)
		}
	}
}

func TestListAll_followsPagesInBothCasings(t *testing.T) {
	t.Parallel()
	for name, casing := range map[string]pageCasing{"snake": snakePaging, "camel": camelPaging} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := &pagedServer{casing: casing, n: 250, failPage: -1}
			query := url.Values{"role": {"admin"}}
			got, err := runListAll(t, p, query, 100)
			if err != nil {
				t.Fatalf("listAll: %v", err)
			}
			wantItems(t, got, 250)
			if pages := p.pages(); !slices.Equal(pages, []string{"0", "1", "2"}) {
				t.Fatalf("pages requested = %v, want [0 1 2]", pages)
			}
			for _, q := range p.requests {
				if q.Get(casing.size) != "100" || q.Get("role") != "admin" {
					t.Fatalf("request %v lost the page size or the caller's filter", q)
				}
			}
			if len(query) != 1 {
				t.Fatalf("listAll changed the caller's query: %v", query)
			}
		})
	}
}

func TestListAll_stopsOnTotal(t *testing.T) {
	t.Parallel()
	// The server has more items than it admits: total is the authority.
	p := &pagedServer{casing: snakePaging, n: 1000, total: 200, failPage: -1}
	got, err := runListAll(t, p, nil, 100)
	if err != nil {
		t.Fatalf("listAll: %v", err)
	}
	wantItems(t, got, 200)
	if n := len(p.pages()); n != 2 {
		t.Fatalf("%d requests, want 2 (stop once total is reached)", n)
	}
}

func TestListAll_exactMultipleStopsWithoutEmptyPage(t *testing.T) {
	t.Parallel()
	p := &pagedServer{casing: camelPaging, n: 200, failPage: -1}
	got, err := runListAll(t, p, nil, 100)
	if err != nil {
		t.Fatalf("listAll: %v", err)
	}
	wantItems(t, got, 200)
	if n := len(p.pages()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestListAll_stopsOnShortPageWithoutTotal(t *testing.T) {
	t.Parallel()
	p := &pagedServer{casing: snakePaging, n: 150, total: -1, failPage: -1}
	got, err := runListAll(t, p, nil, 100)
	if err != nil {
		t.Fatalf("listAll: %v", err)
	}
	wantItems(t, got, 150)
	if n := len(p.pages()); n != 2 {
		t.Fatalf("%d requests, want 2 (stop on the short page)", n)
	}
}

func TestListAll_stopsOnEmptyPage(t *testing.T) {
	t.Parallel()
	t.Run("no total", func(t *testing.T) {
		t.Parallel()
		p := &pagedServer{casing: snakePaging, n: 200, total: -1, failPage: -1}
		got, err := runListAll(t, p, nil, 100)
		if err != nil {
			t.Fatalf("listAll: %v", err)
		}
		wantItems(t, got, 200)
		if n := len(p.pages()); n != 3 {
			t.Fatalf("%d requests, want 3 (the third page is empty)", n)
		}
	})
	t.Run("total too large", func(t *testing.T) {
		t.Parallel()
		p := &pagedServer{casing: camelPaging, n: 150, total: 100000, failPage: -1}
		got, err := runListAll(t, p, nil, 100)
		if err != nil {
			t.Fatalf("listAll: %v", err)
		}
		wantItems(t, got, 150)
		if n := len(p.pages()); n != 3 {
			t.Fatalf("%d requests, want 3 (stop on the empty page)", n)
		}
	})
	t.Run("nothing at all", func(t *testing.T) {
		t.Parallel()
		p := &pagedServer{casing: snakePaging, n: 0, failPage: -1}
		got, err := runListAll(t, p, nil, 100)
		if err != nil {
			t.Fatalf("listAll: %v", err)
		}
		if len(got) != 0 || len(p.pages()) != 1 {
			t.Fatalf("got %d items in %d requests, want 0 in 1", len(got), len(p.pages()))
		}
	})
}

// A server that caps the page size below the one asked for answers short
// pages; with a total, listAll still reads every item.
func TestListAll_serverCapsPageSize(t *testing.T) {
	t.Parallel()
	p := &pagedServer{casing: snakePaging, n: 100, capSize: 40, failPage: -1}
	got, err := runListAll(t, p, nil, 100)
	if err != nil {
		t.Fatalf("listAll: %v", err)
	}
	wantItems(t, got, 100)
	if pages := p.pages(); !slices.Equal(pages, []string{"0", "1", "2"}) {
		t.Fatalf("pages requested = %v, want [0 1 2]", pages)
	}
}

func TestListAll_defaultPageSize(t *testing.T) {
	t.Parallel()
	p := &pagedServer{casing: snakePaging, n: 5, failPage: -1}
	if _, err := runListAll(t, p, nil, 0); err != nil {
		t.Fatalf("listAll: %v", err)
	}
	if got := p.requests[0].Get("page_size"); got != strconv.Itoa(DefaultPageSize) {
		t.Fatalf("page_size = %s, want %d", got, DefaultPageSize)
	}
}

func TestListAll_errorMidwayIsReturned(t *testing.T) {
	t.Parallel()
	p := &pagedServer{casing: snakePaging, n: 250, failPage: 1}
	got, err := runListAll(t, p, nil, 100)
	if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.StatusCode != 500 {
		t.Fatalf("err = %v, want the 500 of page 1", err)
	}
	if got != nil {
		t.Fatalf("got %d items with an error, want nil", len(got))
	}
}
