package whop

// Enumerations shared by several services. Every enum is an open string
// type: values the API adds later decode without error, and the constants
// name the values known today.

// Direction is the sort direction of a list.
type Direction string

// Values of Direction.
const (
	DirectionAsc  Direction = "asc"
	DirectionDesc Direction = "desc"
)

// Visibility says who can see a product or plan.
type Visibility string

// Values of Visibility.
const (
	VisibilityVisible   Visibility = "visible"
	VisibilityHidden    Visibility = "hidden"
	VisibilityArchived  Visibility = "archived"
	VisibilityQuickLink Visibility = "quick_link"
)

// Currency is a lowercase ISO-4217-style currency code as the API uses it (plus a few crypto codes).
type Currency string

// Values of Currency.
const (
	CurrencyUSD  Currency = "usd"
	CurrencySGD  Currency = "sgd"
	CurrencyINR  Currency = "inr"
	CurrencyAUD  Currency = "aud"
	CurrencyBRL  Currency = "brl"
	CurrencyCAD  Currency = "cad"
	CurrencyDKK  Currency = "dkk"
	CurrencyEUR  Currency = "eur"
	CurrencyNOK  Currency = "nok"
	CurrencyGBP  Currency = "gbp"
	CurrencySEK  Currency = "sek"
	CurrencyCHF  Currency = "chf"
	CurrencyHKD  Currency = "hkd"
	CurrencyHUF  Currency = "huf"
	CurrencyJPY  Currency = "jpy"
	CurrencyMXN  Currency = "mxn"
	CurrencyMYR  Currency = "myr"
	CurrencyPLN  Currency = "pln"
	CurrencyCZK  Currency = "czk"
	CurrencyNZD  Currency = "nzd"
	CurrencyAED  Currency = "aed"
	CurrencyETH  Currency = "eth"
	CurrencyAPE  Currency = "ape"
	CurrencyCOP  Currency = "cop"
	CurrencyRON  Currency = "ron"
	CurrencyTHB  Currency = "thb"
	CurrencyBGN  Currency = "bgn"
	CurrencyIDR  Currency = "idr"
	CurrencyDOP  Currency = "dop"
	CurrencyPHP  Currency = "php"
	CurrencyTRY  Currency = "try"
	CurrencyKRW  Currency = "krw"
	CurrencyTWD  Currency = "twd"
	CurrencyVND  Currency = "vnd"
	CurrencyPKR  Currency = "pkr"
	CurrencyCLP  Currency = "clp"
	CurrencyUYU  Currency = "uyu"
	CurrencyARS  Currency = "ars"
	CurrencyZAR  Currency = "zar"
	CurrencyDZD  Currency = "dzd"
	CurrencyTND  Currency = "tnd"
	CurrencyMAD  Currency = "mad"
	CurrencyKES  Currency = "kes"
	CurrencyKWD  Currency = "kwd"
	CurrencyJOD  Currency = "jod"
	CurrencyALL  Currency = "all"
	CurrencyXCD  Currency = "xcd"
	CurrencyAMD  Currency = "amd"
	CurrencyBSD  Currency = "bsd"
	CurrencyBHD  Currency = "bhd"
	CurrencyBOB  Currency = "bob"
	CurrencyBAM  Currency = "bam"
	CurrencyKHR  Currency = "khr"
	CurrencyCRC  Currency = "crc"
	CurrencyXOF  Currency = "xof"
	CurrencyEGP  Currency = "egp"
	CurrencyETB  Currency = "etb"
	CurrencyGMD  Currency = "gmd"
	CurrencyGHS  Currency = "ghs"
	CurrencyGTQ  Currency = "gtq"
	CurrencyGYD  Currency = "gyd"
	CurrencyILS  Currency = "ils"
	CurrencyJMD  Currency = "jmd"
	CurrencyMOP  Currency = "mop"
	CurrencyMGA  Currency = "mga"
	CurrencyMUR  Currency = "mur"
	CurrencyMDL  Currency = "mdl"
	CurrencyMNT  Currency = "mnt"
	CurrencyNAD  Currency = "nad"
	CurrencyNGN  Currency = "ngn"
	CurrencyMKD  Currency = "mkd"
	CurrencyOMR  Currency = "omr"
	CurrencyPYG  Currency = "pyg"
	CurrencyPEN  Currency = "pen"
	CurrencyQAR  Currency = "qar"
	CurrencyRWF  Currency = "rwf"
	CurrencySAR  Currency = "sar"
	CurrencyRSD  Currency = "rsd"
	CurrencyLKR  Currency = "lkr"
	CurrencyTZS  Currency = "tzs"
	CurrencyTTD  Currency = "ttd"
	CurrencyUZS  Currency = "uzs"
	CurrencyRUB  Currency = "rub"
	CurrencyBTC  Currency = "btc"
	CurrencyCNY  Currency = "cny"
	CurrencyUSDT Currency = "usdt"
	CurrencyKZT  Currency = "kzt"
	// CurrencyAWG, CurrencyXAU (gold) and CurrencyWhopUSD (Whop's own
	// dollar balance) are sent by API version 2025-01-01 but missing from
	// its OpenAPI description.
	CurrencyAWG     Currency = "awg"
	CurrencyXAU     Currency = "xau"
	CurrencyWhopUSD Currency = "whop_usd"
)

// PlanType says whether a plan renews or is paid once.
type PlanType string

// Values of PlanType.
const (
	PlanTypeRenewal PlanType = "renewal"
	PlanTypeOneTime PlanType = "one_time"
)

// ReleaseMethod says how a plan is sold: right away or through a waitlist.
type ReleaseMethod string

// Values of ReleaseMethod.
const (
	ReleaseMethodBuyNow   ReleaseMethod = "buy_now"
	ReleaseMethodWaitlist ReleaseMethod = "waitlist"
)

// GlobalAffiliateStatus says whether an affiliate program is on for a product.
type GlobalAffiliateStatus string

// Values of GlobalAffiliateStatus. The API uses the same type for a
// product's member affiliate program (MemberAffiliateStatus).
const (
	GlobalAffiliateStatusEnabled  GlobalAffiliateStatus = "enabled"
	GlobalAffiliateStatusDisabled GlobalAffiliateStatus = "disabled"
)

// Old names of the GlobalAffiliateStatus values, kept until 1.0.
const (
	// Deprecated: use GlobalAffiliateStatusEnabled.
	AffiliateStatusEnabled = GlobalAffiliateStatusEnabled
	// Deprecated: use GlobalAffiliateStatusDisabled.
	AffiliateStatusDisabled = GlobalAffiliateStatusDisabled
)

// CustomFieldType is the kind of a custom checkout field.
type CustomFieldType string

// CustomFieldTypeText is a free-text custom field.
const CustomFieldTypeText CustomFieldType = "text"

// AccessLevel is what a user may do with a company or product: nothing,
// use it as a paying customer, or manage it as an admin.
type AccessLevel string

// Values of AccessLevel.
const (
	AccessLevelNoAccess AccessLevel = "no_access"
	AccessLevelAdmin    AccessLevel = "admin"
	AccessLevelCustomer AccessLevel = "customer"
)

// ThreeDSLevel is how a plan's card payments use 3-D Secure: always ask
// for a challenge, or let the issuer skip it when it can.
type ThreeDSLevel string

// Values of ThreeDSLevel.
const (
	ThreeDSLevelMandateChallenge ThreeDSLevel = "mandate_challenge"
	ThreeDSLevelFrictionless     ThreeDSLevel = "frictionless"
)
