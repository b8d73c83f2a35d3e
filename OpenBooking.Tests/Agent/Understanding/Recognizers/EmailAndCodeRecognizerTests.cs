using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

/// <summary>The email and code recognizers, each alone.</summary>
public sealed class EmailAndCodeRecognizerTests
{
    [Theory]
    [InlineData("o'brien+test@example.com", "o'brien+test@example.com")]
    [InlineData("my email is O'Brien+Test@Example.com, thanks", "o'brien+test@example.com")]
    [InlineData("it's 'jane.doe@example.com'", "jane.doe@example.com")]
    [InlineData("jane.doe+book@mail.example.co.uk.", "jane.doe+book@mail.example.co.uk")]
    public void Recognize_EmailAddress_ComesOutWholeAndLowerCased(string text, string expected)
    {
        var mentions = Mentions(text, c => new EmailRecognizer(c));

        var email = Assert.Single(mentions.Emails);
        Assert.Equal(expected, email.Address);
        Assert.Equal(MentionKind.Email, email.Kind);
    }

    [Theory]
    [InlineData("the code is 739 201", "739201")]
    [InlineData("739-201", "739201")]
    [InlineData("73 92 01", "739201")]
    [InlineData("739201", "739201")]
    public void Recognize_SixDigits_FindsCode(string text, string expected)
    {
        var mentions = Mentions(text, c => new CodeRecognizer(c));

        Assert.Equal(expected, Assert.Single(mentions.Codes).Code);
    }

    [Theory]
    [InlineData("call me on +32 470 12 34 56")]
    [InlineData("2026-04-15 09:00")]
    [InlineData("30.03.2026 14:00")]
    public void Recognize_PhoneNumberOrDateWithTime_IsNoCode(string text)
    {
        var mentions = Mentions(text, c => new CodeRecognizer(c));

        Assert.Empty(mentions.Codes);
    }

    [Fact]
    public void Recognize_DateFollowedByClockTime_LeavesTheirDigitsForTheDateAndTimeRecognizers()
    {
        var context = Context("2026-04-15 09:00", c => new CodeRecognizer(c));

        Assert.All(context.Used, used => Assert.False(used));
    }
}
