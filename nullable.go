package whop

import "encoding/json"

// Nullable is a field of an update (PATCH) request that has three states:
//
//   - left alone: the zero value (nil); the field is omitted from the body
//     and the API keeps what it has;
//   - set: Value(v); the body carries v;
//   - cleared: Null[T](); the body carries JSON null and the API erases it.
//
// It is a map so that encoding/json's omitempty drops the unset state with
// every Go version this module supports: Go 1.23 has no omitzero, and
// omitempty never omits a struct, so a struct-based optional would need
// custom marshalling of every enclosing params type.
//
// Build it only with Value and Null (or leave it nil); they hold at most
// one key, true for a value or false for null. A map written by hand may
// hold both keys; the value then wins everywhere, so Get, IsNull and
// MarshalJSON always agree on what is sent. A non-nil empty map is the same
// as nil: left alone, omitted by omitempty. A Nullable is a reference like
// any map: share one between requests only if neither side changes it.
type Nullable[T any] map[bool]T

// Value returns a Nullable set to v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{true: v} }

// Null returns a Nullable that clears the field.
func Null[T any]() Nullable[T] { return Nullable[T]{false: *new(T)} }

// IsSet reports whether n carries a value or an explicit null, that is,
// whether it will appear in the request body.
func (n Nullable[T]) IsSet() bool { return len(n) != 0 }

// IsNull reports whether n clears the field: it holds the false key and
// no value.
func (n Nullable[T]) IsNull() bool {
	_, ok := n[false]
	return ok && !n.hasValue()
}

// Get returns the value and true when n is set to a value.
func (n Nullable[T]) Get() (T, bool) {
	v, ok := n[true]
	return v, ok
}

func (n Nullable[T]) hasValue() bool {
	_, ok := n[true]
	return ok
}

// MarshalJSON writes the value, or null when cleared. The value wins over
// a null in a hand-built map holding both. An unset Nullable also writes
// null; omitempty on the field keeps it out of a request body.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if v, ok := n[true]; ok {
		return json.Marshal(v)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads null as cleared and anything else as a value.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}

// Ptr returns a pointer to v, for the optional fields of create and list
// parameters: whop.Ptr(true), whop.Ptr(whop.VisibilityHidden).
func Ptr[T any](v T) *T { return &v }
