namespace CustomerScoring.Clv;

/// <summary>The parameters (r, α, a, b) of a BG/NBD (<paramref name="Modified"/> false) or MBG/NBD model.</summary>
internal readonly record struct BetaGeometricParameters(bool Modified, double R, double Alpha, double A, double B);
