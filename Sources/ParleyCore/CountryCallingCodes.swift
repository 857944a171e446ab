import Foundation

/// Country calling codes and national trunk prefixes, for turning a national phone number and an ISO 3166-1
/// alpha-2 country into E.164.
package enum CountryCallingCodes {
    /// Calling code by ISO country code.
    static let codes: [String: String] = [
        "US": "1", "CA": "1", "PR": "1", "DO": "1", "JM": "1", "TT": "1", "BS": "1", "BB": "1",
        "GB": "44", "IE": "353", "FR": "33", "DE": "49", "ES": "34", "IT": "39", "PT": "351", "NL": "31", "BE": "32",
        "LU": "352", "CH": "41", "AT": "43", "DK": "45", "SE": "46", "NO": "47", "FI": "358", "IS": "354", "PL": "48",
        "CZ": "420", "SK": "421", "HU": "36", "RO": "40", "BG": "359", "GR": "30", "CY": "357", "MT": "356", "HR": "385",
        "SI": "386", "RS": "381", "BA": "387", "ME": "382", "MK": "389", "AL": "355", "EE": "372", "LV": "371", "LT": "370",
        "UA": "380", "MD": "373", "TR": "90", "IL": "972", "AE": "971", "SA": "966", "QA": "974", "KW": "965",
        "BH": "973", "OM": "968", "JO": "962", "LB": "961", "EG": "20", "MA": "212", "DZ": "213", "TN": "216", "NG": "234",
        "GH": "233", "KE": "254", "ZA": "27", "ET": "251", "UG": "256", "TZ": "255", "RW": "250", "SN": "221", "CI": "225",
        "IN": "91", "PK": "92", "BD": "880", "LK": "94", "NP": "977", "CN": "86", "HK": "852", "TW": "886", "JP": "81",
        "KR": "82", "SG": "65", "MY": "60", "TH": "66", "VN": "84", "PH": "63", "ID": "62", "AU": "61", "NZ": "64",
        "MX": "52", "BR": "55", "AR": "54", "CL": "56", "CO": "57", "PE": "51", "VE": "58", "EC": "593", "UY": "598",
        "PY": "595", "BO": "591", "CR": "506", "PA": "507", "GT": "502", "SV": "503", "HN": "504", "NI": "505",
    ]

    /// The national trunk prefix dialled before a number inside the country, where it is not `0`.
    private static let trunkPrefixes: [String: String] = ["1": "1", "36": "06", "39": ""]

    /// The E.164 form of `number` for `countryCode`, or `nil` when the country is unknown or the result is no
    /// E.164 number. A number already starting with `+` or the international `00` keeps its own country.
    package static func e164(_ number: String, countryCode: String) -> String? {
        let trimmed = number.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        if trimmed.hasPrefix("+") { return PhoneNumber.isE164("+" + digits) ? "+" + digits : nil }
        if digits.hasPrefix("00") { return PhoneNumber.isE164("+" + digits.dropFirst(2)) ? "+" + digits.dropFirst(2) : nil }
        guard let code = codes[countryCode.uppercased()] else { return nil }
        let trunk = trunkPrefixes[code] ?? "0"
        var national = Substring(digits)
        if !trunk.isEmpty, national.hasPrefix(trunk) { national = national.dropFirst(trunk.count) }
        let candidate = "+" + code + national
        return PhoneNumber.isE164(candidate) ? candidate : nil
    }

    /// Whether `countryCode` is one this table knows.
    package static func knows(_ countryCode: String) -> Bool { codes[countryCode.uppercased()] != nil }
}
