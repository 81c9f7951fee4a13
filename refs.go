package whop

import "time"

// This file holds the small summaries of other resources that the API
// nests inside its answers: the plan a payment was made under, the user
// who owns a membership, the company a product belongs to. The API sends
// the same object in many places, sometimes with a field or two fewer, so
// each is declared once here with every field any of those places carries.
// A field the API leaves out in a given place decodes to its zero value
// (an empty string, or nil).

// CompanyRef identifies the company a resource belongs to. Route is empty
// where the API sends only the ID and title (memberships, plans, promo
// codes and disputes, for example).
type CompanyRef struct {
	ID    string `json:"id"`
	Route string `json:"route"`
	Title string `json:"title"`
}

// PlanRef is the short form of a plan nested in another resource.
// InternalNotes is set only where the API includes it (payments);
// Currency and FormattedPrice only in invoices, and are left out of the
// JSON elsewhere.
type PlanRef struct {
	ID             string         `json:"id"`
	InternalNotes  *string        `json:"internal_notes"`
	Metadata       map[string]any `json:"metadata"`
	Currency       Currency       `json:"currency,omitempty"`
	FormattedPrice string         `json:"formatted_price,omitempty"`
}

// ProductRef is the short form of a product nested in another resource.
// Route and Metadata are set only where the API includes them.
type ProductRef struct {
	ID       string         `json:"id"`
	Route    string         `json:"route"`
	Title    string         `json:"title"`
	Metadata map[string]any `json:"metadata"`
}

// UserRef is the short form of a Whop user nested in another resource.
// Email is set only where the API includes it and the API key may read it
// (payments, memberships and members); elsewhere it is nil.
type UserRef struct {
	ID       string  `json:"id"`
	Name     *string `json:"name"`
	Username string  `json:"username"`
	Email    *string `json:"email"`
}

// MemberRef is the short form of a company member (a user's relationship
// with the company) nested in another resource. Phone is set only where
// the API includes it (payments).
type MemberRef struct {
	ID    string  `json:"id"`
	Phone *string `json:"phone"`
}

// MembershipRef is the short form of a membership nested in another
// resource.
type MembershipRef struct {
	ID          string           `json:"id"`
	Status      MembershipStatus `json:"status"`
	PhoneNumber *string          `json:"phone_number"`
}

// PaymentMethodRef is the payment method a payment was charged to, as
// Payment and PaymentListItem nest it: the token's ID, when it was saved,
// its type and, for a card, the card's details. It has no Typename; the
// full saved method is PaymentMethod (PaymentMethods.Get).
type PaymentMethodRef struct {
	ID                string             `json:"id"`
	CreatedAt         time.Time          `json:"created_at"`
	PaymentMethodType PaymentMethodType  `json:"payment_method_type"`
	Card              *PaymentMethodCard `json:"card"`
}

// Deprecated names kept until 1.0. Each was a per-resource copy of a
// summary that the API shares; they are now the same type.
type (
	// Deprecated: use PlanRef.
	PaymentPlan = PlanRef
	// Deprecated: use PlanRef.
	PaymentListPlan = PlanRef
	// Deprecated: use ProductRef.
	PaymentProduct = ProductRef
	// Deprecated: use ProductRef.
	PaymentListProduct = ProductRef
	// Deprecated: use UserRef.
	PaymentUser = UserRef
	// Deprecated: use UserRef.
	ProductOwner = UserRef
	// Deprecated: use UserRef.
	CompanyTokenTransactionUser = UserRef
	// Deprecated: use MemberRef.
	PaymentMember = MemberRef
	// Deprecated: use MemberRef.
	CompanyTokenTransactionMember = MemberRef
	// Deprecated: use MembershipRef.
	PaymentMembership = MembershipRef
	// Deprecated: use MembershipRef.
	PaymentListMembership = MembershipRef
	// Deprecated: use PaymentMethodRef.
	PaymentPaymentMethod = PaymentMethodRef
	// Deprecated: use PaymentMethodRef.
	PaymentListPaymentMethod = PaymentMethodRef
	// Deprecated: use PaymentMethodCard.
	PaymentCard = PaymentMethodCard
)

// PaymentRef is the short form of a payment nested in a refund or a
// dispute. Lists send only the ID; Get and webhooks send the rest, so
// CreatedAt is a pointer that is nil in lists. Metadata, TaxBehavior and
// TaxRefundedAmount come only with refunds.
type PaymentRef struct {
	ID                string              `json:"id"`
	BillingReason     *BillingReason      `json:"billing_reason"`
	CardBrand         *CardBrand          `json:"card_brand"`
	CardLast4         *string             `json:"card_last4"`
	CreatedAt         *time.Time          `json:"created_at"`
	Currency          Currency            `json:"currency"`
	DisputeAlertedAt  *time.Time          `json:"dispute_alerted_at"`
	Member            *MemberRef          `json:"member"`
	Membership        *MembershipRef      `json:"membership"`
	Metadata          map[string]any      `json:"metadata"`
	PaidAt            *time.Time          `json:"paid_at"`
	PaymentMethodType *PaymentMethodType  `json:"payment_method_type"`
	Plan              *PlanRef            `json:"plan"`
	Product           *ProductRef         `json:"product"`
	Subtotal          *float64            `json:"subtotal"`
	TaxAmount         *float64            `json:"tax_amount"`
	TaxBehavior       *PaymentTaxBehavior `json:"tax_behavior"`
	TaxRefundedAmount *float64            `json:"tax_refunded_amount"`
	Total             *float64            `json:"total"`
	USDTotal          *float64            `json:"usd_total"`
	User              *UserRef            `json:"user"`
}
