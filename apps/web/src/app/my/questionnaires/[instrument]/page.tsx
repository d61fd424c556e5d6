import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { answerableByPatient, instrumentSchema, patientQuestionnaireText } from "@stepwise/domain";
import { portalCss } from "../../portal-css";
import { QuestionnaireForm } from "./questionnaire-form";

export const metadata: Metadata = { title: "Questionnaire" };

/** One questionnaire, one question at a time on a phone: the wording comes from the domain, the score from the server. */
export default async function MyQuestionnairePage({ params }: { params: Promise<{ instrument: string }> }) {
  const parsed = instrumentSchema.safeParse((await params).instrument);
  if (!parsed.success || !answerableByPatient(parsed.data)) notFound();
  const text = patientQuestionnaireText[parsed.data]!;
  return (
    <div className="portal">
      <style>{portalCss}</style>
      <h1>{text.title}</h1>
      <p>{text.intro}</p>
      <QuestionnaireForm instrument={parsed.data} questions={text.questions} />
    </div>
  );
}
