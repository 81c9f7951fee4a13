package whop

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gowhop/whop/internal/querystr"
)

// TestListParamsQueryShape walks every list-parameter struct and checks
// the two encodings the API depends on: a list travels as repeated
// `name[]=` keys, and a date-time as UTC with milliseconds and a literal
// Z, whatever zone the caller's time.Time carries.
func TestListParamsQueryShape(t *testing.T) {
	all := []any{
		&CheckoutConfigurationListParams{}, &CompanyTokenTransactionListParams{},
		&DisputeListParams{}, &InvoiceListParams{}, &MemberListParams{},
		&MembershipListParams{}, &PaymentMethodListParams{}, &PaymentListParams{},
		&PaymentFeeListParams{}, &PlanListParams{}, &ProductListParams{},
		&PromoCodeListParams{}, &RefundListParams{}, &UserListParams{},
		&WebhookEndpointListParams{},
	}
	zone := time.FixedZone("UTC+5:30", 5*3600+1800)
	at := time.Date(2024, 3, 2, 17, 30, 0, 123456789, zone)
	const want = "2024-03-02T12:00:00.123Z"
	var lists, dates int
	for _, p := range all {
		rv := reflect.ValueOf(p).Elem()
		name := rv.Type().Name()
		var times, slices []string
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			if f.Anonymous {
				continue
			}
			tag := f.Tag.Get("url")
			key, opts, _ := strings.Cut(tag, ",")
			if key == "" || key == "-" {
				t.Errorf("%s.%s has no url key", name, f.Name)
				continue
			}
			switch {
			case f.Type.Kind() == reflect.Slice:
				if !strings.Contains(opts, "brackets") {
					t.Errorf("%s.%s: a list must be sent as %s[]=..., tag %q", name, f.Name, key, tag)
				}
				rv.Field(i).Set(reflect.MakeSlice(f.Type, 2, 2))
				slices = append(slices, key)
				lists++
			case f.Type == reflect.TypeOf(&time.Time{}):
				if f.Tag.Get("layout") != querystr.TimeLayout {
					t.Errorf("%s.%s: layout %q, want %q", name, f.Name, f.Tag.Get("layout"), querystr.TimeLayout)
				}
				v := at
				rv.Field(i).Set(reflect.ValueOf(&v))
				times = append(times, key)
				dates++
			case f.Type == reflect.TypeOf(time.Time{}):
				t.Errorf("%s.%s: a time filter should be a *time.Time so it can be left out", name, f.Name)
			}
		}
		q, err := querystr.Encode(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		vals, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, k := range slices {
			if got := len(vals[k+"[]"]); got != 2 {
				t.Errorf("%s: %d values under %s[], want 2 (query %q)", name, got, k, q)
			}
		}
		for _, k := range times {
			if got := vals.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", name, k, got, want)
			}
		}
		if at.Location() != zone {
			t.Fatalf("encoding changed the caller's time")
		}
	}
	t.Logf("%d list and %d date-time parameters checked", lists, dates)
	if lists < 20 || dates < 20 {
		t.Fatalf("only %d list and %d date-time parameters found; the walk is missing fields", lists, dates)
	}
}
