
/// `x` with `digits` decimals ("0.25"), without Foundation's formatter.
public func decimal(_ x: Double, digits: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var fractionText = String(fraction)
    while fractionText.count < digits { fractionText = "0" + fractionText }
    return (x < 0 && scaled > 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fractionText : "")
}
