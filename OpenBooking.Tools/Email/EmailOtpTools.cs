using System.ComponentModel;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NodaTime;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Mcp;

namespace OpenBooking.Tools.Email;

/// <param name="Sent">False when a limit refused the code; <paramref name="Message"/> then says when to ask again.</param>
/// <param name="RetryAfterSeconds">When refused: seconds until a new code can be asked for; else null.</param>
public sealed record OtpSentResult(string Email, bool Sent, int ExpiresInMinutes, int? RetryAfterSeconds, string Message);

/// <param name="Status">What happened, for callers to branch on: <c>verified</c>, <c>wrong_code</c>, <c>expired</c>,
/// <c>too_many_attempts</c> or <c>no_code_sent</c>; <paramref name="Message"/> says it for a person.</param>
public sealed record OtpVerifyResult(bool Verified, string? VerificationToken, string? ExpiresAt, int AttemptsLeft, string Message, string Status);

/// <summary>The values of <see cref="OtpVerifyResult.Status"/>.</summary>
public static class OtpVerifyStatus
{
    public const string Verified = "verified";
    public const string WrongCode = "wrong_code";
    public const string Expired = "expired";
    public const string TooManyAttempts = "too_many_attempts";
    public const string NoCodeSent = "no_code_sent";

    public static string For(OtpVerificationStatus status) => status switch
    {
        OtpVerificationStatus.Verified => Verified,
        OtpVerificationStatus.WrongCode => WrongCode,
        OtpVerificationStatus.Expired => Expired,
        OtpVerificationStatus.TooManyAttempts => TooManyAttempts,
        _ => NoCodeSent,
    };
}

/// <summary>
/// The email-OTP tool server: proves that a person controls an email address. The answers are the same whether
/// or not the email belongs to a customer with bookings; limits count per email and per caller's client address
/// (which only the transports set, see <see cref="ToolCaller"/>).
/// </summary>
[McpServerToolType]
public sealed class EmailOtpTools(OtpService otp, IEmailSender sender, IOptionsMonitor<BusinessOptions> business, IOptions<OtpOptions> options)
{
    [McpServerTool(Name = "send_email_otp", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Emails a 6-digit one-time code to the address. A new code replaces any earlier one. Codes are rate limited "
        + "(a short wait between codes for one email, and hourly limits): when refused, sent is false and message says when to ask again.")]
    public async Task<OtpSentResult> SendEmailOtpAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The customer's email address, e.g. john@example.com.")] string email,
        CancellationToken cancellationToken = default)
    {
        var normalized = ToolArguments.RequireEmail(email);
        var minutes = options.Value.CodeLifetimeMinutes;
        var issue = await otp.IssueAsync(normalized, ToolCaller.ClientAddress(context.User), cancellationToken);
        if (!issue.Issued)
        {
            return new OtpSentResult(normalized, false, minutes, (int)Math.Ceiling(issue.RetryAfter.TotalSeconds), Refusal(issue));
        }
        try
        {
            await sender.SendAsync(OtpEmail.Compose(normalized, issue.Code!, business.CurrentValue.Name, minutes), cancellationToken);
        }
        catch (EmailDeliveryException ex)
        {
            await otp.ReportUndeliveredAsync(issue, CancellationToken.None);
            // The provider's own answer is for staff (logs, dashboard); the customer hears what they can do.
            throw new ToolException(ToolErrorCodes.DeliveryFailed, ex.RecipientRejected
                ? $"The email service refused the address {normalized}."
                : "The email service did not accept the code email just now.");
        }
        return new OtpSentResult(normalized, true, minutes, null, $"A code was sent to {normalized}. It expires in {minutes} minutes.");
    }

    [McpServerTool(Name = "verify_email_otp", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Checks a code sent by send_email_otp. On success returns a short-lived verificationToken for the booking tools.")]
    public async Task<OtpVerifyResult> VerifyEmailOtpAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The email address the code was sent to.")] string email,
        [Description("The 6-digit code, e.g. 739201 (spaces are ignored).")] string code,
        CancellationToken cancellationToken = default)
    {
        var result = await otp.VerifyAsync(ToolArguments.RequireEmail(email), code ?? "", ToolCaller.ClientAddress(context.User), cancellationToken);
        var message = result.Status switch
        {
            OtpVerificationStatus.Verified => "Verified.",
            OtpVerificationStatus.WrongCode => $"That code is not right. {result.AttemptsLeft} {(result.AttemptsLeft == 1 ? "try" : "tries")} left.",
            OtpVerificationStatus.Expired => "That code has expired. Ask for a new one.",
            OtpVerificationStatus.TooManyAttempts => "Too many wrong tries for this code. Ask for a new one.",
            _ => "No code is waiting for this email. Ask for one first.",
        };
        return new OtpVerifyResult(
            result.Status == OtpVerificationStatus.Verified,
            result.VerificationToken,
            result.TokenExpiresAt?.ToString(),
            result.AttemptsLeft,
            message,
            OtpVerifyStatus.For(result.Status));
    }

    private static string Refusal(OtpIssue issue)
    {
        var why = issue.Limit switch
        {
            OtpLimit.Cooldown => "A code was sent to this address a moment ago.",
            OtpLimit.PerEmail => "Too many codes were sent to this address in the last hour.",
            _ => "Too many codes were asked for from this connection in the last hour.",
        };
        return $"{why} You can ask for a new code {In(issue.RetryAfter)}.";
    }

    /// <summary>"in 45 seconds", "in 1 minute", "in 23 minutes" (rounded up, so the customer never comes back too early).</summary>
    internal static string In(Duration wait)
    {
        if (wait <= Duration.FromSeconds(60))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return seconds == 60 ? "in 1 minute" : $"in {seconds} second{(seconds == 1 ? "" : "s")}";
        }
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return $"in {minutes} minute{(minutes == 1 ? "" : "s")}";
    }
}
