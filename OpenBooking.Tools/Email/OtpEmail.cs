using System.Net;

namespace OpenBooking.Tools.Email;

public static class OtpEmail
{
    /// <summary>The one-time code email (the subject carries the code, so it shows in notifications).</summary>
    public static EmailMessage Compose(string to, string code, string businessName, int minutes)
    {
        var spaced = $"{code[..3]} {code[3..]}";
        var text = $"""
            Your {businessName} verification code is {code}

            Type it in the chat to continue. It expires in {minutes} minutes.
            If you did not ask for it, you can ignore this email.
            """;
        var html = $"""
            <!DOCTYPE html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:480px;margin:auto;padding:16px">
            <p>Your {WebUtility.HtmlEncode(businessName)} verification code is</p>
            <p style="font-size:32px;font-weight:700;letter-spacing:4px">{spaced}</p>
            <p>Type it in the chat to continue. It expires in {minutes} minutes.</p>
            <p style="color:#6b7280;font-size:13px">If you did not ask for it, you can ignore this email.</p>
            </body></html>
            """;
        return new EmailMessage(to, $"Your {businessName} code: {code}", text, html);
    }
}
