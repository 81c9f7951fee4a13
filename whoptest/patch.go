package whoptest

import "github.com/gowhop/whop"

// The PATCH handlers apply each three-state field of a request with one of
// these: a field left out changes nothing.

// setNullable applies a PATCH field to a nullable response field: a value
// sets it, null clears it.
func setNullable[T any](dst **T, n whop.Nullable[T]) {
	if v, ok := n.Get(); ok {
		*dst = &v
	} else if n.IsNull() {
		*dst = nil
	}
}

// setOrClear applies a PATCH field to a response field whose zero value
// is its null (a map, a slice): a value sets it, null clears it.
func setOrClear[T any](dst *T, n whop.Nullable[T]) {
	if v, ok := n.Get(); ok {
		*dst = v
	} else if n.IsNull() {
		var zero T
		*dst = zero
	}
}

// setValue applies a PATCH field to a non-nullable response field; a null
// leaves it as it is.
func setValue[T any](dst *T, n whop.Nullable[T]) {
	if v, ok := n.Get(); ok {
		*dst = v
	}
}
