using OpenBooking.Tools.Email;
using OpenBooking.Web.Agent.Understanding;

namespace OpenBooking.Web.Agent.BuiltIn;

/// <summary>
/// Verifies the customer's email with a one-time code (<c>send_email_otp</c>, <c>verify_email_otp</c>), then goes on with
/// the request that needed it. The verification token it gets is what every booking tool asks for.
/// </summary>
internal sealed class VerifyFlow(Turn t)
{
    private BuiltInAgentState State => t.State;
    private Utterance U => t.U;

    /// <summary>An answer while an email, a code or a yes to a new code is awaited. False when the message is none of those.</summary>
    public async Task<bool> AnswerAsync()
    {
        var stage = State.Stage;
        if (stage == AgentStage.AwaitingEmail)
        {
            if (U.Email is not null)
            {
                await SendCodeAsync(U.Email);
                return true;
            }
            if (Choices.LooksLikeEmailAttempt(t.Text))
            {
                t.Say("That doesn't look like a complete email address. Please type it like name@example.com.");
                return true;
            }
            return false;
        }
        if (U.Code is not null)
        {
            await VerifyAsync(U.Code);
            return true;
        }
        if (U.Email is not null)
        {
            await SendCodeAsync(U.Email);
            return true;
        }
        if (Choices.AsksForNewCode(t.Text) || (stage == AgentStage.AwaitingResendConsent && U.Intent == Intent.Confirm))
        {
            await SendCodeAsync(State.Email!);
            return true;
        }
        return false;
    }

    /// <summary>Whether a code sent in this conversation can still be typed (the customer is not verified yet).</summary>
    public bool CodeWaiting => !State.IsVerified && State.Email is not null && State.CodeValidUntil > t.Now.LocalDateTime;

    /// <summary>Asks for an email to send a code to; when a code sent earlier can still be typed, asks for that one instead.</summary>
    public void AskForEmail(string prefix = "")
    {
        if (CodeWaiting)
        {
            State.Stage = AgentStage.AwaitingCode;
            t.Say($"{prefix}Please type the 6-digit code I emailed to {State.Email}. Say \"resend\" if you need a new one.");
            return;
        }
        State.Stage = AgentStage.AwaitingEmail;
        t.Say(prefix + "Please provide your email for verification.");
    }

    public async Task SendCodeAsync(string email)
    {
        var normalized = EmailAddress.Normalize(email);
        // A code already on its way to this address can still be typed while a new one is refused.
        var codeWaiting = State.Stage is AgentStage.AwaitingCode && State.Email == normalized;
        State.Email = normalized;
        var sent = await t.Tools.SendEmailOtpAsync(normalized, t.ClientAddress, t.Ct);
        if (!sent.Ok)
        {
            // The provider did not take the email: nothing was sent, so offer to try again (or another address).
            State.Stage = AgentStage.AwaitingResendConsent;
            t.Say($"Sorry, I couldn't send a code to {normalized}: {Turn.Lower(sent.Error)} Shall I try again, or would you like to use another email address?");
            return;
        }
        var result = sent.Value!;
        if (!result.Sent)
        {
            // A limit: the tool says when a new code can be asked for ("You can ask for a new code in 4 minutes.").
            State.Stage = codeWaiting ? AgentStage.AwaitingCode : AgentStage.AwaitingResendConsent;
            t.Say($"Sorry, I can't send a new code to {normalized} right now. {result.Message}"
                + (codeWaiting ? " If the code I sent before has arrived, please type it here." : ""));
            return;
        }
        State.Stage = AgentStage.AwaitingCode;
        State.CodeValidUntil = t.Now.LocalDateTime.PlusMinutes(result.ExpiresInMinutes);
        t.Say($"I've sent a 6-digit code to {normalized}. Please type it here. It is valid for {result.ExpiresInMinutes} minutes.");
    }

    public async Task VerifyAsync(string code)
    {
        var verified = await t.Tools.VerifyEmailOtpAsync(State.Email!, code, t.ClientAddress, t.Ct);
        if (!verified.Ok)
        {
            t.Say(verified.Error!);
            return;
        }
        var result = verified.Value!;
        if (result.Verified)
        {
            State.VerifiedEmail = State.Email;
            State.VerificationToken = result.VerificationToken;
            State.CodeValidUntil = null;
            await TurnRouter.ContinuePendingAsync(t, prefix: "Verified! ");
            return;
        }
        if (result.AttemptsLeft > 0)
        {
            t.Say($"That code isn't right. You have {result.AttemptsLeft} {(result.AttemptsLeft == 1 ? "try" : "tries")} left.");
            return;
        }
        State.Stage = AgentStage.AwaitingResendConsent;
        t.Say(result.Status == OtpVerifyStatus.Expired
            ? "That code has expired. Shall I send you a new one?"
            : "That code can't be used any more. Shall I send you a new one?");
    }

    /// <summary>The verification token expired: verify again, then do what was being done (<paramref name="resume"/>).</summary>
    public async Task ReverifyAsync(PendingRequest resume)
    {
        var email = State.VerifiedEmail!;
        State.VerifiedEmail = null;
        State.VerificationToken = null;
        State.Pending = resume;
        t.Say("Your verification has expired, so I need to check your email again.");
        await SendCodeAsync(email);
    }
}
