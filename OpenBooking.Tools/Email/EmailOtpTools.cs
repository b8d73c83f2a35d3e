using System.ComponentModel;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OpenBooking.Tools.Business;
using OpenBooking.Tools.Hosting;
using OpenBooking.Tools.Notifications;

namespace OpenBooking.Tools.Email;

public sealed record OtpSentResult(string Email, bool Sent, int ExpiresInMinutes);

public sealed record OtpVerifyResult(bool Verified, string? VerificationToken, string? ExpiresAt, int AttemptsLeft, string Message);

/// <summary>The email-OTP tool server: proves that a person controls an email address.</summary>
[McpServerToolType]
public sealed class EmailOtpTools(OtpService otp, IEmailSender sender, IOptionsMonitor<BusinessOptions> business, IOptions<OtpOptions> options)
{
    [McpServerTool(Name = "send_email_otp", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Emails a 6-digit one-time code to the address. A new code replaces any earlier one.")]
    public async Task<OtpSentResult> SendEmailOtpAsync(
        [Description("The customer's email address, e.g. john@example.com.")] string email,
        CancellationToken cancellationToken = default)
    {
        var normalized = ToolArguments.RequireEmail(email);
        var code = await otp.IssueAsync(normalized, cancellationToken);
        var minutes = options.Value.CodeLifetimeMinutes;
        try
        {
            await sender.SendAsync(BookingEmails.VerificationCode(normalized, code, business.CurrentValue.Name, minutes), cancellationToken);
        }
        catch (EmailDeliveryException ex)
        {
            throw new McpException($"The code could not be sent: {ex.Message}");
        }
        return new OtpSentResult(normalized, true, minutes);
    }

    [McpServerTool(Name = "verify_email_otp", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Checks a code sent by send_email_otp. On success returns a short-lived verificationToken for the booking tools.")]
    public async Task<OtpVerifyResult> VerifyEmailOtpAsync(
        [Description("The email address the code was sent to.")] string email,
        [Description("The 6-digit code, e.g. 739201 (spaces are ignored).")] string code,
        CancellationToken cancellationToken = default)
    {
        var result = await otp.VerifyAsync(ToolArguments.RequireEmail(email), code ?? "", cancellationToken);
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
            message);
    }
}
