import Link from "next/link";

export default function PatientNotFound() {
  return (
    <div className="card empty" role="alert">
      <h1>Patient not found</h1>
      <p>This patient does not exist or is not on one of your care teams.</p>
      <Link className="btn secondary" href="/">
        Back to my patients
      </Link>
    </div>
  );
}
