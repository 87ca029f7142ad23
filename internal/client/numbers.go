package client

import (
	"math/big"
	"strconv"
	"strings"
)

// The live API can answer 10.0 where the spec says integer (API-NOTES.md
// 11.6), which encoding/json refuses to put in an int field. Every answer is
// therefore decoded after integralNumbers has rewritten such literals as
// integers, so every integer field of every type (is_default, limits' values,
// periodic_reset_days, key_transition_period_ms, the list envelope's total…)
// reads 10.0 as 10, with no per-field code. A fractional value (10.5) in an
// integer field still fails to decode, as it should.

// maxIntegralLiteral and maxExponent bound the literals rewritten; others
// (1e400) are left for the decoder to reject.
const (
	maxIntegralLiteral = 32
	maxExponent        = 20
)

// integralNumbers returns data with every number literal outside strings
// that has a fraction or an exponent but an integral value ("10.0", "-1.00",
// "1.8e6") rewritten as an integer literal. data itself is returned when
// nothing needs rewriting.
func integralNumbers(data []byte) []byte {
	var out []byte // nil until the first rewrite
	copied := 0    // data[:copied] is in out
	inString, escaped := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
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
		case c == '-' || (c >= '0' && c <= '9'):
			j, plain := i+1, true
			for j < len(data) && isNumberByte(data[j]) {
				if data[j] == '.' || data[j] == 'e' || data[j] == 'E' {
					plain = false
				}
				j++
			}
			if !plain {
				if n, ok := integralLiteral(string(data[i:j])); ok {
					out = append(append(out, data[copied:i]...), n...)
					copied = j
				}
			}
			i = j - 1
		}
	}
	if out == nil {
		return data
	}
	return append(out, data[copied:]...)
}

// integralLiteral returns lit as an integer literal when it is a number with
// an integral value that fits an int64.
func integralLiteral(lit string) (string, bool) {
	if len(lit) > maxIntegralLiteral {
		return "", false
	}
	if k := strings.IndexAny(lit, "eE"); k >= 0 {
		exp, err := strconv.Atoi(lit[k+1:])
		if err != nil || exp > maxExponent || exp < -maxExponent {
			return "", false
		}
	}
	r, ok := new(big.Rat).SetString(lit)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return "", false
	}
	return r.Num().String(), true
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}
