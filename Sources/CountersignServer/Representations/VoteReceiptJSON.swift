import Countersign
import CountersignJSON

/// The answer to a vote submitted with `Prefer: return=minimal` (docs/api.md): the signed vote
/// receipt (`VoteReceipt`) and, for convenience, its payload in the clear. Only the compact JWS
/// is evidence; the clear copy is what it says, for clients that do not verify it.
enum VoteReceiptJSON {
    static func view(_ receipt: VoteReceipt, compact: String) -> JSONValue {
        .object(["receipt": .string(compact), "vote": .object(receipt.payload)])
    }
}
