package whop

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every state a Nullable can be in, including those only a hand-written
// map literal reaches, encodes to what Get and IsNull report.
func TestNullableStates(t *testing.T) {
	type body struct {
		F Nullable[string] `json:"f,omitempty"`
	}
	cases := []struct {
		name    string
		n       Nullable[string]
		set     bool
		null    bool
		value   string
		hasVal  bool
		encoded string
	}{
		{name: "nil", n: nil, encoded: `{}`},
		{name: "empty map", n: Nullable[string]{}, encoded: `{}`},
		{name: "Value", n: Value("x"), set: true, value: "x", hasVal: true, encoded: `{"f":"x"}`},
		{name: "Value of zero", n: Value(""), set: true, value: "", hasVal: true, encoded: `{"f":""}`},
		{name: "Null", n: Null[string](), set: true, null: true, encoded: `{"f":null}`},
		{name: "null key with a stray value", n: Nullable[string]{false: "y"}, set: true, null: true, encoded: `{"f":null}`},
		{name: "both keys: the value wins", n: Nullable[string]{true: "x", false: "y"}, set: true, value: "x", hasVal: true, encoded: `{"f":"x"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.set, tc.n.IsSet(), "IsSet")
			assert.Equal(t, tc.null, tc.n.IsNull(), "IsNull")
			v, ok := tc.n.Get()
			assert.Equal(t, tc.hasVal, ok, "Get ok")
			assert.Equal(t, tc.value, v, "Get value")
			b, err := json.Marshal(body{F: tc.n})
			require.NoError(t, err)
			assert.JSONEq(t, tc.encoded, string(b))

			// What was sent decodes back to the same state.
			var back body
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tc.null, back.F.IsNull(), "IsNull after a round trip")
			got, ok := back.F.Get()
			assert.Equal(t, tc.hasVal, ok)
			assert.Equal(t, tc.value, got)
		})
	}
}

// The helpers and the decoder build a Nullable with exactly one key, so the
// two-key state is unreachable without a map literal.
func TestNullableHelpersHoldOneKey(t *testing.T) {
	assert.Len(t, Value(1), 1)
	assert.Len(t, Null[int](), 1)
	var n Nullable[int]
	require.NoError(t, json.Unmarshal([]byte(`7`), &n))
	assert.Len(t, n, 1)
	require.NoError(t, json.Unmarshal([]byte(`null`), &n))
	assert.Len(t, n, 1)
	assert.True(t, n.IsNull())
	assert.Error(t, json.Unmarshal([]byte(`"seven"`), &n))
}

// An unset Nullable is left out of a request only through omitempty, so
// every Nullable field declared in the package, in any file, carries it.
func TestNullableFieldsAreOmitEmpty(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, field := range st.Fields.List {
				if !isNullableType(field.Type) || field.Tag == nil {
					continue // untagged: a helper struct, never encoded
				}
				seen++
				tag := ""
				if field.Tag != nil {
					tag, _ = strconv.Unquote(field.Tag.Value)
				}
				_, opts, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
				assert.Contains(t, strings.Split(opts, ","), "omitempty", "%s: a Nullable field without omitempty", fset.Position(field.Pos()))
			}
			return true
		})
	}
	assert.Positive(t, seen, "no Nullable field found: the walk is broken")
}

func isNullableType(e ast.Expr) bool {
	idx, ok := e.(*ast.IndexExpr)
	if !ok {
		return false
	}
	id, ok := idx.X.(*ast.Ident)
	return ok && id.Name == "Nullable"
}
