namespace CustomerScoring.Clv;

/// <summary>The purchase-count models that can be fitted from customer summaries.</summary>
public enum PurchaseModelKind
{
    /// <summary>BG/NBD (Fader, Hardie &amp; Lee 2005).</summary>
    BgNbd,

    /// <summary>Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987).</summary>
    ParetoNbd,

    /// <summary>MBG/NBD (Batislam, Denizel &amp; Filiztekin 2007).</summary>
    MbgNbd,
}
