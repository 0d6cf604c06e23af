using System.Buffers.Binary;
using Xunit;

namespace CustomerScoring.Tests.Charts;

/// <summary>Reads a PNG file's signature and the width and height from its IHDR chunk (PNG spec, section 11.2.2).</summary>
internal static class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 33, $"A PNG has at least 33 bytes of signature and IHDR; got {png.Length}.");
        Assert.Equal(Signature, png[..8]);
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    public static void AssertSize(byte[] png, int width, int height)
    {
        (int w, int h) = Size(png);
        Assert.Equal((width, height), (w, h));
    }
}
