import CountersignJSON
import Foundation

/// A passkey provider (a password manager, a platform or a security key model) as people know
/// it: the name and icon to show next to a passkey its authenticator registered.
public struct PasskeyProvider: Sendable, Hashable {
    /// The authenticator model's AAGUID, as the registration's attested credential data gave it.
    public let aaguid: UUID
    /// The provider's name ("Google Password Manager", "1Password", ...), at most 64 characters.
    public let name: String
    /// The icon for light backgrounds, as SVG bytes, if the list has one.
    public let lightIcon: [UInt8]?
    /// The icon for dark backgrounds, as SVG bytes, if the list has one.
    public let darkIcon: [UInt8]?
}

/// The shipped table of passkey providers by AAGUID: the community-maintained public list of
/// passkey-provider AAGUIDs (the passkeydeveloper project "passkey-authenticator-aaguids", built
/// from the FIDO Metadata Service and providers' own entries), copied into
/// `Resources/passkey-providers.json` and compiled in, so that no lookup leaves the machine.
///
/// The list names passkeys for people; it proves nothing. An authenticator chooses the AAGUID it
/// reports (and "none" attestation leaves it unverified), so the name is a label, never a
/// security decision: nothing in Countersign trusts a passkey more or less for its provider.
///
/// Entries that do not have the list's documented shape (a non-empty name of at most 64
/// characters without control characters; icons as base64 `data:image/svg+xml` URIs of at most
/// 64 KiB) are left out when the table loads, so a bad update of the file degrades to "unknown
/// provider" instead of stopping the process.
public enum PasskeyProviders {
    /// Longest accepted provider name, in characters.
    static let maxNameLength = 64
    /// Largest accepted icon, in decoded bytes.
    static let maxIconBytes = 64 * 1024
    static let iconPrefix = "data:image/svg+xml;base64,"

    /// The provider whose authenticators report `aaguid`; nil for the all-zero AAGUID (an
    /// authenticator that withholds its model) and for AAGUIDs the list does not know.
    public static func provider(for aaguid: UUID) -> PasskeyProvider? {
        table[aaguid]
    }

    /// How many providers the shipped list holds (for diagnostics and tests).
    public static var count: Int { table.count }

    static let table: [UUID: PasskeyProvider] = load(PackageResources.passkey_providers_json)

    /// Parses the list's JSON: an object whose keys are AAGUIDs and whose values are
    /// {"name", "icon_light"?, "icon_dark"?}. Malformed entries are skipped (see the type's
    /// comment); a file that is not such an object gives an empty table.
    static func load(_ bytes: [UInt8]) -> [UUID: PasskeyProvider] {
        guard let object = (try? JSONParser(limits: .init(maxBytes: 4 << 20, maxDepth: 4)).parse(bytes))?.objectValue else {
            return [:]
        }
        var table: [UUID: PasskeyProvider] = [:]
        for (key, value) in object {
            guard let aaguid = UUID(uuidString: key), aaguid != zeroAAGUID, let entry = value.objectValue,
                let name = entry["name"]?.stringValue, isDisplayable(name)
            else { continue }
            let light = entry["icon_light"].map(icon)
            let dark = entry["icon_dark"].map(icon)
            // An icon present but malformed leaves the entry out: its shape is wrong.
            if light == .some(nil) || dark == .some(nil) { continue }
            table[aaguid] = PasskeyProvider(aaguid: aaguid, name: name, lightIcon: light ?? nil, darkIcon: dark ?? nil)
        }
        return table
    }

    /// The AAGUID of an authenticator that withholds its model.
    public static let zeroAAGUID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// A name fit to show: 1 to 64 characters, no control, format (bidi) or line characters.
    static func isDisplayable(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= maxNameLength else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: false
            default: true
            }
        }
    }

    /// The SVG bytes of a base64 SVG data URI, or nil when it is not one or is too large.
    static func icon(_ value: JSONValue) -> [UInt8]? {
        guard let text = value.stringValue, text.hasPrefix(iconPrefix),
            text.utf8.count <= iconPrefix.utf8.count + (maxIconBytes / 3 + 1) * 4,
            let data = Data(base64Encoded: String(text.dropFirst(iconPrefix.count))), !data.isEmpty
        else { return nil }
        return [UInt8](data)
    }
}
