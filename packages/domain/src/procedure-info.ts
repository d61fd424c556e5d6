import type { ProcedureType } from "./procedure-catalog";

/**
 * Plain-language patient information per procedure: clinic defaults, reviewed wording, prefilled
 * into the order ("Risks and side effects") and printed on the patient handout. No numbers of how
 * often a risk happens: the clinic has not reviewed any, and the physician explains them in person.
 */
export type ProcedureInfo = {
  /** What the procedure is, in a sentence or two a patient can read. */
  whatItIs: string;
  expectedBenefit: string;
  risks: string;
  afterwards: string;
};

export const procedureInfoVersion = "patient-info-2026-1";

const COMMON_NEEDLE_RISKS =
  "Soreness or bruising where the needle went in for a few days. Rarely: infection, bleeding, an allergic reaction to the medicines, or nerve irritation.";
const STEROID_EFFECTS =
  "The steroid can cause a flushed face, a short-lived rise in blood sugar (important if you have diabetes), trouble sleeping or a temporary increase in pain for a day or two.";
const SPINAL_RISKS =
  "Rarely: a headache if the covering of the spinal fluid is punctured (it usually settles with rest and fluids), temporary numbness or weakness of the leg or arm, and very rarely nerve or spinal cord injury.";
const DRIVER = "Someone should drive you home. You can usually return to your normal activities the next day.";
const NEUROMODULATION_RISKS =
  "Infection around the device, bleeding, the leads moving out of place, discomfort where the device sits, a headache from a spinal fluid leak, and, rarely, nerve or spinal cord injury. Some people find the stimulation uncomfortable.";

const esi: ProcedureInfo = {
  whatItIs:
    "A steroid (anti-inflammatory) medicine and a local anaesthetic are injected near the irritated nerve roots in your spine, using X-ray guidance to place the needle.",
  expectedBenefit:
    "Less leg or arm pain from the irritated nerve, usually starting within a few days, so you can move and exercise more. The effect varies from person to person and may wear off.",
  risks: `${COMMON_NEEDLE_RISKS} ${STEROID_EFFECTS} ${SPINAL_RISKS}`,
  afterwards: `You rest for a short while in the clinic. ${DRIVER} We will ask how your pain and activity have changed at follow-up.`,
};

const neuromodulationTrial = (what: string): ProcedureInfo => ({
  whatItIs: `A temporary ${what} is placed for a trial of several days, to see whether it helps your pain before a permanent device is considered.`,
  expectedBenefit: "The trial shows whether the device reduces your pain and helps you do more. Only if it helps clearly is a permanent implant discussed.",
  risks: NEUROMODULATION_RISKS,
  afterwards: "You keep a diary of your pain and activities during the trial. At the end the temporary parts are removed and we decide together whether to go ahead.",
});

const neuromodulationImplant = (what: string): ProcedureInfo => ({
  whatItIs: `A ${what} is implanted under the skin in an operation, after a trial that helped your pain.`,
  expectedBenefit: "Lasting pain relief similar to what you had during the trial, so you can be more active and may need fewer pain medicines.",
  risks: `${NEUROMODULATION_RISKS} The device may need adjustment, battery replacement or, occasionally, another operation.`,
  afterwards: "You will have wound checks and device programming visits. We will review your pain and function at 3, 6 and 12 months.",
});

export const procedureInfo: Record<ProcedureType, ProcedureInfo> = {
  esi_interlaminar: esi,
  esi_transforaminal: esi,
  selective_nerve_root_block: {
    whatItIs: "Local anaesthetic (and sometimes a steroid) is injected next to one nerve root under X-ray guidance, to find out whether that nerve is the source of your pain.",
    expectedBenefit: "It helps us find which nerve causes your pain, to plan the next treatment. Relief may be short-lived.",
    risks: `${COMMON_NEEDLE_RISKS} Temporary numbness or weakness of the leg or arm for a few hours. ${SPINAL_RISKS}`,
    afterwards: `We ask you to note your pain over the next hours. ${DRIVER}`,
  },
  medial_branch_block: {
    whatItIs: "Local anaesthetic is placed on the small nerves (medial branches) that carry pain from the facet joints of your spine, under X-ray guidance. It is a test.",
    expectedBenefit: "If your usual pain eases for a few hours, the facet joints are likely the source, and a longer-lasting treatment (radiofrequency ablation) may help.",
    risks: `${COMMON_NEEDLE_RISKS} Temporary numbness or an increase in pain for a day or two.`,
    afterwards: "You keep a pain diary for the next hours (before, and at 30 minutes, 1, 2, 4 and 6 hours). Try the movements that usually hurt. " + DRIVER,
  },
  facet_joint_injection: {
    whatItIs: "A local anaesthetic and a steroid are injected into one or more facet joints (small joints at the back of the spine), under X-ray guidance.",
    expectedBenefit: "Less back or neck pain from the joint for weeks to months, so you can exercise more. The effect varies.",
    risks: `${COMMON_NEEDLE_RISKS} ${STEROID_EFFECTS}`,
    afterwards: `${DRIVER} We will check your pain at about 2 weeks and 3 months.`,
  },
  radiofrequency_ablation: {
    whatItIs: "The small nerves that carry pain from your facet joints are heated with a needle probe under X-ray guidance, so they stop sending pain signals for a time.",
    expectedBenefit: "Longer-lasting relief of back or neck pain, often for many months; the nerves grow back, and the procedure can be repeated if it helped.",
    risks: `${COMMON_NEEDLE_RISKS} A burning or sunburn-like feeling over the area, or more pain, for a few weeks. Rarely: lasting numbness or weakness.`,
    afterwards: `${DRIVER} Relief often builds over 2–3 weeks. We review your pain at 6 weeks, 3 months and 6 months.`,
  },
  sacroiliac_joint_injection: {
    whatItIs: "A local anaesthetic, usually with a steroid, is injected into the sacroiliac joint (where the spine meets the pelvis) under X-ray guidance.",
    expectedBenefit: "It shows whether this joint causes your pain and may relieve it for weeks to months.",
    risks: `${COMMON_NEEDLE_RISKS} ${STEROID_EFFECTS} Temporary leg numbness or weakness for a few hours.`,
    afterwards: `${DRIVER} We will ask about your pain in the first hours and at follow-up.`,
  },
  trigger_point_injection: {
    whatItIs: "A small amount of local anaesthetic (sometimes with a steroid) is injected into tight, tender knots in a muscle.",
    expectedBenefit: "Less muscle pain and tightness, so stretching and exercise become easier.",
    risks: `${COMMON_NEEDLE_RISKS} Near the chest wall there is a rare risk of a collapsed lung (sudden breathlessness: seek help at once).`,
    afterwards: "Keep moving and continue your stretches. Mild soreness for a day or two is common.",
  },
  large_joint_injection: {
    whatItIs: "A steroid and local anaesthetic are injected into the knee, hip or shoulder joint, often with ultrasound or X-ray guidance.",
    expectedBenefit: "Less joint pain for weeks to months, to help you exercise and strengthen the joint.",
    risks: `${COMMON_NEEDLE_RISKS} ${STEROID_EFFECTS} A painful flare in the joint for a day or two; rarely a joint infection (a hot, swollen, very painful joint: seek help).`,
    afterwards: "Rest the joint for a day, then return to your exercises. We check your pain at about 2 weeks and 3 months.",
  },
  sympathetic_block: {
    whatItIs: "Local anaesthetic is injected near the sympathetic nerves (in the neck or lower back) under image guidance, to calm nerve-driven pain such as CRPS.",
    expectedBenefit: "It shows whether these nerves drive your pain and may relieve it, often with a warm limb for some hours.",
    risks: `${COMMON_NEEDLE_RISKS} After a neck block: a droopy eyelid, hoarse voice or difficulty swallowing for a few hours (do not eat or drink until swallowing is normal). Temporary leg weakness after a lumbar block.`,
    afterwards: `You keep a pain diary for the next hours. ${DRIVER}`,
  },
  epidural_adhesiolysis: {
    whatItIs: "A thin catheter is passed into the epidural space to loosen scar tissue around nerves and deliver local anaesthetic and steroid, after back surgery.",
    expectedBenefit: "Less leg and back pain from scarring around the nerves, for some months.",
    risks: `${COMMON_NEEDLE_RISKS} ${STEROID_EFFECTS} ${SPINAL_RISKS}`,
    afterwards: `${DRIVER} We review your pain at about 2 weeks and 3 months.`,
  },
  percutaneous_disc_decompression: {
    whatItIs: "A needle is placed into the bulging disc under X-ray guidance and a small amount of disc material is removed to take pressure off the nerve.",
    expectedBenefit: "Less leg pain from the disc pressing on a nerve, without open surgery.",
    risks: `${COMMON_NEEDLE_RISKS} Disc infection (worsening back pain with fever: seek help). ${SPINAL_RISKS}`,
    afterwards: "Take it easy for a few days, then return gradually to activity and physical therapy.",
  },
  scs_trial: neuromodulationTrial("spinal cord stimulator (thin leads placed in the spine, connected to a device outside the body)"),
  scs_implant: neuromodulationImplant("spinal cord stimulator"),
  intrathecal_pump_trial: {
    whatItIs: "A small dose of pain medicine is given into the spinal fluid, by a single injection or a thin catheter, to see whether it relieves your pain before a pump is considered.",
    expectedBenefit: "The trial shows whether medicine given this way helps your pain with side effects you can accept.",
    risks:
      "Nausea, itching, drowsiness, difficulty passing urine, slowed breathing (you are monitored), a headache from a spinal fluid leak, and rarely infection or bleeding.",
    afterwards: "You are observed in hospital during the trial. We record your pain and any side effects before deciding together about a pump.",
  },
  intrathecal_pump_implant: neuromodulationImplant("medicine pump with a catheter into the spinal fluid"),
  genicular_nerve_block: {
    whatItIs: "Local anaesthetic (sometimes with a steroid) is injected next to the small nerves that carry pain from the knee, with ultrasound or X-ray guidance. It is a test.",
    expectedBenefit: "If your knee pain eases for some hours, radiofrequency treatment of the same nerves may give longer relief.",
    risks: `${COMMON_NEEDLE_RISKS} Temporary numbness around the knee.`,
    afterwards: "Keep a pain diary for the next hours and try the activities that usually hurt (stairs, walking). " + DRIVER,
  },
  genicular_rfa: {
    whatItIs: "The small nerves that carry pain from the knee are heated with needle probes, so they stop sending pain signals for a time.",
    expectedBenefit: "Longer-lasting relief of knee pain, often for many months, to help you walk and exercise.",
    risks: `${COMMON_NEEDLE_RISKS} Skin numbness or a burning feeling around the knee for a few weeks.`,
    afterwards: `${DRIVER} We review your pain at 6 weeks, 3 months and 6 months.`,
  },
  occipital_nerve_block: {
    whatItIs: "Local anaesthetic (sometimes with a steroid) is injected near the occipital nerves at the back of the head.",
    expectedBenefit: "Less pain at the back of the head and fewer headaches, for days to weeks; it also helps confirm the diagnosis.",
    risks: `${COMMON_NEEDLE_RISKS} Numbness of the scalp, light-headedness for a short time; with steroid, a small dent or hair thinning at the site.`,
    afterwards: "You can usually go home straight away. Keep a headache diary so we can judge the effect.",
  },
  intercostal_nerve_block: {
    whatItIs: "Local anaesthetic (sometimes with a steroid) is injected next to the nerve that runs under a rib, with image guidance.",
    expectedBenefit: "Less chest-wall pain, and it helps confirm which nerve is the source.",
    risks: `${COMMON_NEEDLE_RISKS} A rare risk of a collapsed lung (sudden breathlessness or chest pain: seek help at once).`,
    afterwards: "You are observed for a short while. Keep a pain diary for the next hours.",
  },
  si_lateral_branch_rfa: {
    whatItIs: "The small nerves that carry pain from the sacroiliac joint are heated with needle probes under X-ray guidance, so they stop sending pain signals for a time.",
    expectedBenefit: "Longer-lasting relief of sacroiliac joint pain, often for months.",
    risks: `${COMMON_NEEDLE_RISKS} Buttock numbness or a burning feeling for a few weeks.`,
    afterwards: `${DRIVER} We review your pain at 6 weeks, 3 months and 6 months.`,
  },
  drg_stimulation_trial: neuromodulationTrial("dorsal root ganglion stimulator (thin leads placed next to the nerve roots)"),
  drg_stimulation_implant: neuromodulationImplant("dorsal root ganglion stimulator"),
};

/** General alternatives the handout lists when the order names none. */
export const genericAlternatives =
  "Continuing your current treatment (exercise and physical therapy, medicines, psychological support), another procedure, or no procedure. Ask us about each.";
