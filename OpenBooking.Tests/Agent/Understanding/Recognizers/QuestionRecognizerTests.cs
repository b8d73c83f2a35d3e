using OpenBooking.Web.Agent.Understanding;
using static OpenBooking.Tests.Agent.Understanding.Recognizers.Recognizing;

namespace OpenBooking.Tests.Agent.Understanding.Recognizers;

public sealed class QuestionRecognizerTests
{
    [Theory]
    [InlineData("when are you open?", BusinessQuestion.Hours)]
    [InlineData("are you open on Sunday?", BusinessQuestion.Hours)]
    [InlineData("what time do you close on fridays", BusinessQuestion.Hours)]
    [InlineData("what are your opening hours", BusinessQuestion.Hours)]
    [InlineData("are you closed at Christmas?", BusinessQuestion.Closures)]
    [InlineData("any holidays coming up?", BusinessQuestion.Closures)]
    [InlineData("what services do you offer", BusinessQuestion.Services)]
    [InlineData("how long is a haircut", BusinessQuestion.Services)]
    [InlineData("how much is a haircut", BusinessQuestion.Prices)]
    [InlineData("what are your prices?", BusinessQuestion.Prices)]
    [InlineData("where are you", BusinessQuestion.Address)]
    [InlineData("what's your address", BusinessQuestion.Address)]
    [InlineData("what's your phone number", BusinessQuestion.Phone)]
    [InlineData("can I call you?", BusinessQuestion.Phone)]
    [InlineData("what can you do", BusinessQuestion.Capabilities)]
    [InlineData("what can u do", BusinessQuestion.Capabilities)]
    public void Recognize_QuestionAboutTheBusiness_FindsIt(string text, BusinessQuestion expected)
    {
        var mentions = Mentions(text, Dates, DayParts, Times, c => new QuestionRecognizer(c));

        var question = Assert.Single(mentions.Questions);
        Assert.Equal(expected, question.Question);
    }

    [Theory]
    [InlineData("book me tomorrow at 3pm")]
    [InlineData("is 10am open tomorrow?")]
    [InlineData("my email address is jane@example.com")]
    [InlineData("what can you do on Monday?")]
    [InlineData("my phone number is 0470 12 34 56")]
    [InlineData("any openings next week?")]
    public void Recognize_BookingOrAvailabilityOrOwnDetails_IsNoQuestion(string text)
    {
        var mentions = Mentions(text, Dates, DayParts, Times, c => new QuestionRecognizer(c));

        Assert.Empty(mentions.Questions);
    }

    [Fact]
    public void Recognize_QuestionWithRequest_LeavesEveryTokenUnread()
    {
        var context = Context("what time do you open tomorrow? I'd like to book", c => new QuestionRecognizer(c));

        Assert.Equal(BusinessQuestion.Hours, Assert.Single(context.Mentions.Questions).Question);
        Assert.All(context.Used, used => Assert.False(used));
    }
}
