namespace CustomerScoring.Parquet;

/// <summary>Why a row of a Parquet file was not used.</summary>
public enum ParquetRejectionReason
{
    /// <summary>The customer id is null.</summary>
    NullCustomerId,

    /// <summary>The customer id is a string that is empty or only white space.</summary>
    BlankCustomerId,

    /// <summary>The timestamp is null.</summary>
    NullTimestamp,

    /// <summary>The timestamp is outside the range of <see cref="DateTime"/> (years 1 to 9999), or an Arrow int64 ticks value is negative or too large.</summary>
    TimestampOutOfRange,

    /// <summary>The amount is null.</summary>
    NullAmount,

    /// <summary>The amount is NaN or infinite.</summary>
    NonFiniteAmount,

    /// <summary>The margin is null.</summary>
    NullMargin,

    /// <summary>The margin is NaN or infinite.</summary>
    NonFiniteMargin,

    /// <summary>An Arrow customer index column (<see cref="ArrowTransactions.ToBatch"/>) holds a negative index or one above <see cref="int.MaxValue"/>.</summary>
    InvalidCustomerIndex,
}
