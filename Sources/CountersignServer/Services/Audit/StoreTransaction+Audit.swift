import CountersignJSON
import CountersignStore
import Countersign
import Foundation

extension StoreTransaction {
    /// `appendAudit` with the details written as an object literal.
    func appendAudit(actor: String, action: String, subject: String, details: JSONObject, at: Date) async throws {
        try await appendAudit(actor: actor, action: action, subject: subject, details: .object(details), at: at)
    }
}
