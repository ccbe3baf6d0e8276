import Countersign
import Foundation

/// A stored statement template. Templates are never edited: the admin adds a new one and removes
/// the old, and a removed template is kept (`removedAt`) so that a statement made from it can
/// still be compared with the template it started from.
public struct TemplateRecord: Sendable, Hashable {
    public var id: TemplateID
    public var name: String
    /// The JCS bytes of the template's JSON (`StatementTemplate.jsonObject`).
    public var document: [UInt8]
    public var createdAt: Date
    public var removedAt: Date?

    public init(id: TemplateID, name: String, document: [UInt8], createdAt: Date, removedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.document = document
        self.createdAt = createdAt
        self.removedAt = removedAt
    }
}
