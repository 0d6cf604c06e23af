namespace CustomerScoring.Profiles;

/// <summary>How fractional loyalty points are rounded.</summary>
public enum PointsRounding
{
    /// <summary>Toward zero: 19.9 spent at 1 point per 10 earns 1 point.</summary>
    Down,

    /// <summary>Away from zero: 10.1 spent at 1 point per 10 earns 2 points.</summary>
    Up,

    /// <summary>To the nearest whole point, halves away from zero: 15 spent at 1 point per 10 earns 2 points.</summary>
    Nearest,
}
