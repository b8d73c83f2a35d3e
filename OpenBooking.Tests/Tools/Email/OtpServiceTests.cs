using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Email;

namespace OpenBooking.Tests.Tools.Email;

public sealed class OtpServiceTests
{
    private const string Address = "203.0.113.7";

    [Fact]
    public async Task Verify_RightCode_ReturnsTokenBoundToEmail()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var otp = host.Get<OtpService>();
        var code = (await otp.IssueAsync("John@Example.com", Address)).Code!;

        var result = await otp.VerifyAsync("john@example.com", code[..3] + " " + code[3..], Address);

        Assert.Equal(OtpVerificationStatus.Verified, result.Status);
        Assert.Equal("john@example.com", host.Get<VerificationTokenService>().Validate(result.VerificationToken));
    }

    [Fact]
    public async Task Verify_WrongCodes_CountDownThenLockTheCode()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var otp = host.Get<OtpService>();
        var code = (await otp.IssueAsync("john@example.com", Address)).Code!;
        var wrong = code == "000000" ? "111111" : "000000";

        var left = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            left.Add((await otp.VerifyAsync("john@example.com", wrong, Address)).AttemptsLeft);
        }
        var afterLock = await otp.VerifyAsync("john@example.com", code, Address);

        Assert.Equal([4, 3, 2, 1, 0], left);
        Assert.Equal(OtpVerificationStatus.TooManyAttempts, afterLock.Status);
    }

    [Fact]
    public async Task Verify_AfterTenMinutes_IsExpired()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var otp = host.Get<OtpService>();
        var code = (await otp.IssueAsync("john@example.com", Address)).Code!;

        host.Clock.Advance(Duration.FromMinutes(10));
        var result = await otp.VerifyAsync("john@example.com", code, Address);

        Assert.Equal(OtpVerificationStatus.Expired, result.Status);
    }

    [Fact]
    public async Task Verify_CodeUsedTwice_SecondTimeFails()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var otp = host.Get<OtpService>();
        var code = (await otp.IssueAsync("john@example.com", Address)).Code!;
        await otp.VerifyAsync("john@example.com", code, Address);

        var again = await otp.VerifyAsync("john@example.com", code, Address);

        Assert.Equal(OtpVerificationStatus.NoCodeSent, again.Status);
    }

    [Fact]
    public async Task Verify_CodeForAnotherEmail_Fails()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var otp = host.Get<OtpService>();
        var code = (await otp.IssueAsync("john@example.com", Address)).Code!;

        var result = await otp.VerifyAsync("mallory@example.com", code, Address);

        Assert.Equal(OtpVerificationStatus.NoCodeSent, result.Status);
    }

    [Fact]
    public async Task Validate_ExpiredOrTamperedToken_ReturnsNull()
    {
        await using var host = await ToolsTestHost.StartAsync();
        var tokens = host.Get<VerificationTokenService>();
        var (token, _) = tokens.Issue("john@example.com");
        var tampered = "x" + token[1..];

        Assert.Null(tokens.Validate(tampered));
        Assert.Null(tokens.Validate("not-a-token"));
        host.Clock.Advance(Duration.FromMinutes(61));
        Assert.Null(tokens.Validate(token));
    }

    [Theory]
    [InlineData("john@example.com", true)]
    [InlineData("john.doe+tag@mail.example.co.uk", true)]
    [InlineData("john@example", false)]
    [InlineData("john at example.com", false)]
    [InlineData("John <john@example.com>", false)]
    [InlineData("@example.com", false)]
    public void IsValid_Addresses_AcceptsOnlyPlainAddresses(string email, bool valid) =>
        Assert.Equal(valid, EmailAddress.IsValid(email));
}
