package client

import (
	"context"
	"net/url"
	"strconv"
)

// pageCasing names the paging parameters an endpoint reads: users and invites
// use camelCase, the rest snake_case.
type pageCasing struct{ page, size string }

var (
	snakePaging = pageCasing{page: "current_page", size: "page_size"}
	camelPaging = pageCasing{page: "currentPage", size: "pageSize"}
)

// DefaultPageSize is the page size list methods ask for.
const DefaultPageSize = 100

// maxPages guards against a server that never stops paging.
const maxPages = 100000

type listEnvelope[T any] struct {
	Object string `json:"object"`
	Total  int    `json:"total"`
	Data   []T    `json:"data"`
}

// listAll follows 0-based pages until every item is read: it stops on an
// empty page, when the items seen reach total, or, when the answer carries no
// total, on a short page. With a total, a short page does not stop it: a
// server that caps the page size below pageSize still gets read to the end.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values, casing pageCasing, pageSize int) ([]T, error) {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	var all []T
	for page := 0; page < maxPages; page++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set(casing.page, strconv.Itoa(page))
		q.Set(casing.size, strconv.Itoa(pageSize))
		var env listEnvelope[T]
		if err := c.do(ctx, "GET", path, q, nil, &env); err != nil {
			return nil, err
		}
		all = append(all, env.Data...)
		if len(env.Data) == 0 {
			break
		}
		if env.Total > 0 {
			if len(all) >= env.Total {
				break
			}
		} else if len(env.Data) < pageSize {
			break
		}
	}
	return all, nil
}
