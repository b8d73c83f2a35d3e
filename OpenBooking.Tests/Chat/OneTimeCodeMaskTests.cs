using OpenBooking.Web.Chat;

namespace OpenBooking.Tests.Chat;

public sealed class OneTimeCodeMaskTests
{
    [Theory]
    [InlineData("482913", "••••••")]
    [InlineData("my code is 482 913", "my code is ••••••")]
    [InlineData("code: 482-913.", "code: ••••••.")]
    [InlineData("482913 and john@example.com", "•••••• and john@example.com")]
    public void Apply_ACode_IsMasked(string text, string expected) => Assert.Equal(expected, OneTimeCodeMask.Apply(text));

    [Theory]
    [InlineData("call me on +32 470 123 456")]
    [InlineData("call me on 0470123456")]
    [InlineData("book 2026-04-15 09:00")]
    [InlineData("book 30.03.2026 at 14:00")]
    [InlineData("it costs 1,250.000 euro")]
    [InlineData("12345 is five digits, 1234567 is seven")]
    public void Apply_OtherNumbers_StayAsTyped(string text) => Assert.Equal(text, OneTimeCodeMask.Apply(text));
}
