package mockserver

import "net/http"

// Float literals (API-NOTES.md 11.6): the live API can answer 10.0 where the
// spec says integer. With Options.FloatLiterals every number of every Admin
// API answer is written as a float literal: 10 becomes 10.0, -1 becomes -1.0;
// numbers that already have a fraction or an exponent are left alone.

// floatLiterals rewrites every integer literal outside strings in the JSON
// document body as a float literal.
func floatLiterals(body []byte) []byte {
	out := make([]byte, 0, len(body)+len(body)/8)
	inString, escaped := false, false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case inString:
			out = append(out, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			integer := true
			for j < len(body) && (body[j] >= '0' && body[j] <= '9' || body[j] == '.' || body[j] == 'e' ||
				body[j] == 'E' || body[j] == '+' || body[j] == '-') {
				if body[j] == '.' || body[j] == 'e' || body[j] == 'E' {
					integer = false
				}
				j++
			}
			out = append(out, body[i:j]...)
			if integer {
				out = append(out, '.', '0')
			}
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

// bufferedAnswer collects a handler's answer so that it can be rewritten
// (float literals) or cut (the Truncate fault) before it is sent.
type bufferedAnswer struct {
	header http.Header
	status int
	body   []byte
}

func (b *bufferedAnswer) Header() http.Header { return b.header }

func (b *bufferedAnswer) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedAnswer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.body = append(b.body, p...)
	return len(p), nil
}

// send writes the collected answer to w with body in place of the one
// collected.
func (b *bufferedAnswer) send(w http.ResponseWriter, body []byte) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(body)
}
