package whoptest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAccessRoutesMatchTheClientTypes reads every access route of the fake
// raw, decodes it into the client's type with unknown fields refused, and
// checks that no slice comes back null: the fake and the types cannot
// drift apart in either direction unnoticed.
func TestAccessRoutesMatchTheClientTypes(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	p := w.pay(t, w.plan.ID)
	pc, err := w.c.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{CompanyID: w.srv.CompanyID(), Code: "X", AmountOff: 1,
		BaseCurrency: whop.CurrencyUSD, PromoType: whop.PromoTypeFlatAmount})
	require.NoError(t, err)
	co := "company_id=" + w.srv.CompanyID()

	for _, tc := range []struct {
		path string
		into any
	}{
		{"/memberships?" + co, &whop.Page[whop.MembershipListItem]{}},
		{"/memberships/" + p.Membership.ID, &whop.Membership{}},
		{"/users", &whop.Page[whop.User]{}},
		{"/users/" + w.member.UserID, &whop.User{}},
		{"/users/" + w.member.UserID + "/access/" + w.prod.ID, &whop.UserAccess{}},
		{"/members?" + co, &whop.Page[whop.MemberListItem]{}},
		{"/members/" + w.member.ID, &whop.Member{}},
		{"/plans?" + co, &whop.Page[whop.PlanListItem]{}},
		{"/plans/" + w.plan.ID, &whop.Plan{}},
		{"/promo_codes?" + co, &whop.Page[whop.PromoCodeListItem]{}},
		{"/promo_codes/" + pc.ID, &whop.PromoCode{}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, w.srv.URL()+tc.path, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+w.srv.APIKey())
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(tc.into))
			assertNoNilSlices(t, reflect.ValueOf(tc.into), "$")
			if v := reflect.ValueOf(tc.into).Elem(); v.Type().Name() != "UserAccess" {
				assert.False(t, v.IsZero(), "decoded something")
			}
		})
	}
}

// assertNoNilSlices fails for every nil slice reachable through v's
// exported fields (maps are left alone: metadata may be null).
func assertNoNilSlices(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			assertNoNilSlices(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.IsExported() {
				assertNoNilSlices(t, v.Field(i), path+"."+f.Name)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			t.Errorf("%s is null", path)
			return
		}
		for i := 0; i < v.Len(); i++ {
			assertNoNilSlices(t, v.Index(i), path)
		}
	}
}
