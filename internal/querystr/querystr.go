// Package querystr turns list-parameter structs into URL query strings the
// way the Whop API expects them: go-querystring does the encoding, and this
// package first normalises every time value to UTC so that the `layout` tag
// renders RFC 3339 with milliseconds and a literal Z.
package querystr

import (
	"reflect"
	"time"

	"github.com/google/go-querystring/query"
)

// TimeLayout is the layout list parameters use for date-time values.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

var timeType = reflect.TypeOf(time.Time{})

// Encode returns the encoded query for v, which must be nil, a struct or a
// pointer to a struct tagged for go-querystring. A nil pointer encodes to "".
func Encode(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "", nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct && hasTime(rv.Type()) {
		cp := reflect.New(rv.Type()).Elem()
		cp.Set(rv)
		toUTC(cp)
		rv = cp
	}
	vals, err := query.Values(rv.Interface())
	if err != nil {
		return "", err
	}
	return vals.Encode(), nil
}

// hasTime reports whether a struct type holds a time.Time or *time.Time
// field, directly or through embedded structs.
func hasTime(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft == timeType {
			return true
		}
		if f.Anonymous && ft.Kind() == reflect.Struct && hasTime(ft) {
			return true
		}
	}
	return false
}

// toUTC rewrites, in place, the time fields of the addressable struct v to
// UTC. Pointer fields get a fresh pointer so the caller's value is untouched.
func toUTC(v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Type() == timeType:
			f.Set(reflect.ValueOf(f.Interface().(time.Time).UTC()))
		case f.Kind() == reflect.Pointer && f.Type().Elem() == timeType:
			if !f.IsNil() {
				u := f.Elem().Interface().(time.Time).UTC()
				f.Set(reflect.ValueOf(&u))
			}
		case t.Field(i).Anonymous && f.Kind() == reflect.Struct:
			toUTC(f)
		case t.Field(i).Anonymous && f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.Struct && !f.IsNil():
			cp := reflect.New(f.Type().Elem())
			cp.Elem().Set(f.Elem())
			toUTC(cp.Elem())
			f.Set(cp)
		}
	}
}
