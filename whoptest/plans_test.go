package whoptest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlansThroughTheAPI(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	assert.Equal(t, 30, *w.plan.BillingPeriod)
	assert.Equal(t, whop.PlanTypeRenewal, w.plan.PlanType)
	assert.Equal(t, &whop.ProductRef{ID: w.prod.ID, Title: "Pro"}, w.plan.Product)
	assert.NotNil(t, w.plan.CustomFields, "an empty list, never null")

	seeded, err := w.srv.SeedPlan(w.prod.ID, 5, whop.CurrencyEUR)
	require.NoError(t, err)
	got, err := w.c.Plans.Get(ctx, seeded)
	require.NoError(t, err, "SeedPlan writes the store the API reads")
	assert.Equal(t, whop.PlanTypeOneTime, got.PlanType)
	assert.Equal(t, 5.0, got.InitialPrice)

	page, err := w.c.Plans.List(ctx, &whop.PlanListParams{CompanyID: w.srv.CompanyID(), PlanTypes: []whop.PlanType{whop.PlanTypeRenewal}})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, w.plan.ID, page.Data[0].ID)

	p, err := w.c.Plans.Update(ctx, w.plan.ID, &whop.PlanUpdateParams{
		Title: whop.Value("Monthly"), InternalNotes: whop.Value("launch"), TrialPeriodDays: whop.Value(7),
		CustomFields: whop.Value([]whop.CustomField{{FieldType: whop.CustomFieldTypeText, Name: "Discord", Required: whop.Ptr(true)}}),
	})
	require.NoError(t, err)
	assert.Equal(t, "Monthly", *p.Title)
	require.Len(t, p.CustomFields, 1)
	assert.True(t, p.CustomFields[0].Required)
	p, err = w.c.Plans.Update(ctx, w.plan.ID, &whop.PlanUpdateParams{InternalNotes: whop.Null[string](), RenewalPrice: whop.Value(25.0)})
	require.NoError(t, err)
	assert.Nil(t, p.InternalNotes, "cleared")
	assert.Equal(t, "Monthly", *p.Title, "left alone")
	assert.Equal(t, 7, *p.TrialPeriodDays, "left alone")
	assert.Equal(t, 25.0, p.RenewalPrice)

	_, err = w.c.Plans.Update(ctx, w.plan.ID, &whop.PlanUpdateParams{RenewalPrice: whop.Value(-1.0)})
	var apiErr *whop.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, "renewal_price", apiErr.Param)

	w.pay(t, w.plan.ID)
	p, err = w.c.Plans.Get(ctx, w.plan.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, *p.MemberCount, "one live membership")

	require.NoError(t, w.c.Plans.Delete(ctx, seeded))
	_, err = w.c.Plans.Get(ctx, seeded)
	assert.ErrorIs(t, err, whop.ErrNotFound)
	_, err = w.c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: w.srv.CompanyID(), ProductID: "prod_missing"})
	assert.ErrorIs(t, err, whop.ErrNotFound)

	// A plan whose product is gone cannot be bought, and the fake says so.
	require.NoError(t, w.c.Products.Delete(ctx, w.prod.ID))
	_, err = w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.plan.ID, MemberID: w.member.ID})
	assert.ErrorIs(t, err, whop.ErrNotFound)
}

// Issue 18, item 5: an inline plan keeps every field the request carried.
func TestInlinePlansKeepWhatTheyWereGiven(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	p, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), MemberID: w.member.ID,
		Plan: &whop.PaymentPlanParams{Currency: whop.CurrencyUSD, ProductID: &w.prod.ID, InitialPrice: whop.Ptr(12.0),
			InternalNotes: whop.Ptr("vip deal"), Title: whop.Ptr("VIP"), TrialPeriodDays: whop.Ptr(3)}})
	require.NoError(t, err)
	require.NotNil(t, p.Plan.InternalNotes)
	assert.Equal(t, "vip deal", *p.Plan.InternalNotes)
	pl, err := w.c.Plans.Get(ctx, p.Plan.ID)
	require.NoError(t, err)
	assert.Equal(t, "VIP", *pl.Title)
	assert.Equal(t, 3, *pl.TrialPeriodDays)
	assert.Equal(t, whop.VisibilityHidden, pl.Visibility, "inline plans are hidden")

	cc, err := w.c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{
		Plan: &whop.CheckoutConfigurationPlanParams{CompanyID: w.srv.CompanyID(), Currency: whop.CurrencyUSD, ProductID: &w.prod.ID,
			PlanType: whop.Ptr(whop.PlanTypeRenewal), RenewalPrice: whop.Ptr(9.0), BillingPeriod: whop.Ptr(30),
			TrialPeriodDays: whop.Ptr(14), ExpirationDays: whop.Ptr(90), ReleaseMethod: whop.Ptr(whop.ReleaseMethodWaitlist)}})
	require.NoError(t, err)
	require.NotNil(t, cc.Plan.BillingPeriod)
	assert.Equal(t, 30, *cc.Plan.BillingPeriod)
	assert.Equal(t, 14, *cc.Plan.TrialPeriodDays)
	assert.Equal(t, 90, *cc.Plan.ExpirationDays)
	assert.Equal(t, whop.ReleaseMethodWaitlist, cc.Plan.ReleaseMethod)
	got, err := w.c.CheckoutConfigurations.Get(ctx, cc.ID)
	require.NoError(t, err)
	assert.Equal(t, 30, *got.Plan.BillingPeriod)
}

func TestPromoCodesApplyToPayments(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	pc, err := w.c.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{CompanyID: w.srv.CompanyID(), Code: "HALF", AmountOff: 50,
		BaseCurrency: whop.CurrencyUSD, PromoType: whop.PromoTypePercentage, PromoDurationMonths: 3, Stock: whop.Ptr(1),
		ProductID: &w.prod.ID})
	require.NoError(t, err)
	assert.Equal(t, whop.PromoCodeStatusActive, pc.Status)
	assert.Equal(t, whop.PromoDurationRepeating, *pc.Duration)
	assert.False(t, pc.UnlimitedStock)

	_, err = w.c.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{CompanyID: w.srv.CompanyID(), Code: "half", AmountOff: 5,
		BaseCurrency: whop.CurrencyUSD, PromoType: whop.PromoTypeFlatAmount})
	assert.ErrorIs(t, err, whop.ErrUnprocessable, "codes are unique per company")

	p, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.plan.ID,
		MemberID: w.member.ID, PromoCodeID: &pc.ID})
	require.NoError(t, err)
	assert.Equal(t, 10.0, *p.Total, "half of 20")
	assert.Equal(t, pc.ID, p.PromoCode.ID)
	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, pc.ID, m.PromoCode.ID)
	page, err := w.c.Memberships.List(ctx, &whop.MembershipListParams{PromoCodeIDs: []string{pc.ID}})
	require.NoError(t, err)
	assert.Len(t, page.Data, 1)

	got, err := w.c.PromoCodes.Get(ctx, pc.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Uses)
	_, err = w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.plan.ID,
		MemberID: w.member.ID, PromoCodeID: &pc.ID})
	assert.ErrorIs(t, err, whop.ErrUnprocessable, "stock used up")

	require.NoError(t, w.c.PromoCodes.Delete(ctx, pc.ID))
	got, err = w.c.PromoCodes.Get(ctx, pc.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PromoCodeStatusArchived, got.Status, "delete archives")
	list, err := w.c.PromoCodes.List(ctx, &whop.PromoCodeListParams{CompanyID: w.srv.CompanyID(), Status: whop.PromoCodeStatusActive})
	require.NoError(t, err)
	assert.Empty(t, list.Data)
}

func TestUsersAndMembers(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	u, err := w.c.Users.Get(ctx, w.member.UserID, nil)
	require.NoError(t, err)
	assert.Equal(t, "ada-lovelace", u.Username)
	byName, err := w.c.Users.Get(ctx, "ada-lovelace", &whop.UserGetParams{CompanyID: w.srv.CompanyID()})
	require.NoError(t, err)
	assert.Equal(t, u.ID, byName.ID)

	u, err = w.c.Users.Update(ctx, u.ID, &whop.UserUpdateParams{Bio: whop.Value("Counts things."), Name: whop.Null[string]()})
	require.NoError(t, err)
	assert.Equal(t, "Counts things.", *u.Bio)
	assert.Nil(t, u.Name)
	users, err := w.c.Users.List(ctx, &whop.UserListParams{Query: "ADA"})
	require.NoError(t, err)
	require.Len(t, users.Data, 1)

	_, err = w.c.Users.CheckAccess(ctx, u.ID, "prod_missing")
	assert.ErrorIs(t, err, whop.ErrNotFound)
	_, err = w.c.Users.CheckAccess(ctx, "user_missing", w.prod.ID)
	assert.ErrorIs(t, err, whop.ErrNotFound)
	a, err := w.c.Users.CheckAccess(ctx, "user_owner00000001", w.prod.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.AccessLevelAdmin, a.AccessLevel, "the product's owner is its admin")

	mb, err := w.c.Members.Get(ctx, w.member.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.AccessLevelNoAccess, mb.AccessLevel)
	w.pay(t, w.plan.ID)
	mb, err = w.c.Members.Get(ctx, w.member.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.AccessLevelCustomer, mb.AccessLevel)
	assert.Equal(t, 20.0, mb.USDTotalSpent)
	assert.Equal(t, w.srv.CompanyID(), mb.Company.ID)

	w.srv.SeedMember("Bob")
	page, err := w.c.Members.List(ctx, &whop.MemberListParams{CompanyID: w.srv.CompanyID(), AccessLevel: whop.AccessLevelCustomer})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, w.member.ID, page.Data[0].ID)
	page, err = w.c.Members.List(ctx, &whop.MemberListParams{Query: "bob"})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	_, err = w.c.Members.Get(ctx, "mber_missing")
	assert.ErrorIs(t, err, whop.ErrNotFound)
}
