package whoptest

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gowhop/whop"
)

// The checks here hold the fake to what the client and the API refuse:
// a request the client would not send must not succeed here either.

// minAmount is the smallest positive amount of money the API takes, one
// cent (or the smallest unit of the currency).
const minAmount = 0.01

// maxIdempotencyKeyLen is the longest idempotency key accepted.
const maxIdempotencyKeyLen = 255

// blank reports whether s is empty or only whitespace.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// required refuses a blank value of a required parameter.
func required(param, v string) error {
	if blank(v) {
		return missingParam(param)
	}
	return nil
}

// oneOf refuses both or neither of two alternative parameters.
func oneOf(a string, hasA bool, b string, hasB bool) error {
	switch {
	case hasA && hasB:
		return badParam(b, "give "+a+" or "+b+", not both")
	case !hasA && !hasB:
		return missingParam(a)
	}
	return nil
}

// moneyAmount refuses an amount of money that is not finite or is below
// one cent.
func moneyAmount(param string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < minAmount {
		return badParam(param, param+" must be at least "+strconv.FormatFloat(minAmount, 'f', -1, 64))
	}
	return nil
}

// idempotencyHeader checks the Idempotency-Key header of any request,
// when present: once, not blank, at most 255 characters (the client's
// WithIdempotencyKey refuses the same).
func idempotencyHeader(h http.Header) error {
	const p = "Idempotency-Key"
	vs := h.Values(p)
	switch {
	case len(vs) == 0:
		return nil
	case len(vs) > 1:
		return badParam(p, p+" must be sent once")
	case blank(vs[0]):
		return badParam(p, p+" must not be blank")
	case len(vs[0]) > maxIdempotencyKeyLen:
		return badParam(p, p+" must be at most "+strconv.Itoa(maxIdempotencyKeyLen)+" characters")
	}
	return nil
}

// customFields checks the custom checkout questions of a plan.
func customFields(field string, fs []whop.CustomField) error {
	for i, f := range fs {
		at := field + "[" + strconv.Itoa(i) + "]"
		if f.FieldType == "" {
			return missingParam(at + ".field_type")
		}
		if err := required(at+".name", f.Name); err != nil {
			return err
		}
	}
	return nil
}
