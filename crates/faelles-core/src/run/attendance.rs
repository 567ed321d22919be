//! Attendance: each member's at the whole meeting (carried into its cases unless a case has
//! its own value), per case, the citizen's own, and ad hoc people joining one case.

use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store;
use crate::templates;
use crate::words::{attendance_label, participant_role};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberAttendanceView {
    pub participant_id: Id,
    pub name: String,
    pub role_title: String,
    pub organisation: String,
    pub attendance: Option<Attendance>,
    pub attendance_label: String,
}

impl Core {
    /// The fixed active members (and anyone registered) with their attendance at the meeting.
    pub fn member_attendance(&self, meeting_id: Id) -> Result<Vec<MemberAttendanceView>> {
        let c = self.store().read();
        let m = store::get_meeting(c, meeting_id)?;
        let t = templates::by_version(&m.template_version)?;
        let registered = store::list_meeting_attendance(c, meeting_id)?;
        Ok(store::list_participants(c, m.team_id)?
            .into_iter()
            .filter_map(|p| {
                let a = registered
                    .iter()
                    .find(|a| a.participant_id == p.id)
                    .map(|a| a.attendance);
                (a.is_some() || (p.fixed && p.active)).then(|| MemberAttendanceView {
                    participant_id: p.id,
                    role_title: participant_role(t, &p),
                    name: p.name,
                    organisation: p.organisation,
                    attendance: a,
                    attendance_label: attendance_label(a),
                })
            })
            .collect())
    }

    /// A member's attendance at the whole meeting (Velkomst). It carries into the meeting's
    /// cases unless a case has its own value for the member.
    pub fn set_member_attendance(
        &mut self,
        meeting_id: Id,
        participant_id: Id,
        attendance: Attendance,
    ) -> Result<()> {
        let m = self.meeting(meeting_id)?;
        m.status.ensure_open()?;
        let p = store::get_participant(self.store().read(), participant_id)?;
        if p.team_id != m.team_id {
            return Err(CoreError::NotFound { what: "Deltageren" });
        }
        self.store_mut().write(|tx| {
            let previous = store::list_meeting_attendance(tx, meeting_id)?
                .into_iter()
                .find(|a| a.participant_id == participant_id)
                .map(|a| a.attendance);
            store::set_meeting_attendance(
                tx,
                &MeetingAttendance {
                    meeting_id,
                    participant_id,
                    attendance,
                },
            )?;
            store::follow_member_attendance(tx, meeting_id, participant_id, previous, attendance)?;
            Ok(())
        })
    }

    /// The citizen's attendance at their case (`None`: not registered). The case goes ahead
    /// whatever it is.
    pub fn set_citizen_attendance(
        &mut self,
        case_id: Id,
        attendance: Option<Attendance>,
    ) -> Result<Case> {
        self.open_case(case_id)?;
        self.store_mut().write(|tx| {
            let mut case = store::get_case(tx, case_id)?;
            case.citizen_attendance = attendance;
            store::upsert_case(tx, &case)?;
            Ok(case)
        })
    }

    /// A participant's attendance in one case (linking them to the case if needed).
    pub fn set_case_participant_attendance(
        &mut self,
        case_id: Id,
        participant_id: Id,
        attendance: Option<Attendance>,
    ) -> Result<()> {
        let ctx = self.open_case(case_id)?;
        let p = store::get_participant(self.store().read(), participant_id)?;
        if p.team_id != ctx.team_id {
            return Err(CoreError::NotFound { what: "Deltageren" });
        }
        self.store_mut().write(|tx| {
            store::set_case_participant(
                tx,
                &CaseParticipant {
                    case_id,
                    participant_id,
                    attendance,
                },
            )
        })
    }

    /// «Alle til stede»: the citizen and everyone on the case whose attendance is not
    /// registered yet are registered present, in one change; a registration already made
    /// (virtual, absent) is kept. The number registered now.
    pub fn mark_all_present(&mut self, case_id: Id) -> Result<usize> {
        self.open_case(case_id)?;
        self.store_mut().write(|tx| {
            let mut n = 0;
            let mut case = store::get_case(tx, case_id)?;
            if case.citizen_attendance.is_none() {
                case.citizen_attendance = Some(Attendance::Present);
                store::upsert_case(tx, &case)?;
                n += 1;
            }
            for cp in store::list_case_participants(tx, case_id)? {
                if cp.attendance.is_none() {
                    store::set_case_participant(
                        tx,
                        &CaseParticipant {
                            attendance: Some(Attendance::Present),
                            ..cp
                        },
                    )?;
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Takes a participant off one case (the person stays in the team's list).
    pub fn remove_case_participant(&mut self, case_id: Id, participant_id: Id) -> Result<()> {
        self.open_case(case_id)?;
        self.store_mut()
            .write(|tx| store::remove_case_participant(tx, case_id, participant_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::MemberInput;
    use crate::testing::*;

    #[test]
    fn all_present_registers_only_those_not_registered_in_one_change() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let c1 = fx.case(&m, 0);
        let doctor = fx.doctor;
        let core = &mut fx.core;
        core.set_case_participant_attendance(c1, doctor, Some(Attendance::Virtual))
            .unwrap();
        let d = core.case_detail(c1).unwrap();
        let unregistered = d
            .participants
            .iter()
            .filter(|p| p.attendance.is_none())
            .count();
        assert!(unregistered >= 1, "{:?}", d.participants);
        // The citizen and each unregistered participant; the doctor stays virtual.
        assert_eq!(core.mark_all_present(c1).unwrap(), unregistered + 1);
        let d = core.case_detail(c1).unwrap();
        assert_eq!(d.citizen_attendance, Some(Attendance::Present));
        for p in &d.participants {
            let want = if p.participant_id == doctor {
                Attendance::Virtual
            } else {
                Attendance::Present
            };
            assert_eq!(p.attendance, Some(want), "{}", p.name);
        }
        // Nothing left to register: nothing changes.
        assert_eq!(core.mark_all_present(c1).unwrap(), 0);
        // A closed meeting's case is locked.
        core.set_citizen_attendance(c1, None).unwrap();
        core.start_meeting(m.id).unwrap();
        core.close_meeting(m.id).unwrap();
        assert!(core.mark_all_present(c1).is_err());
    }

    #[test]
    fn attendance_follows_the_meeting_unless_set_per_case() {
        let mut fx = fixture();
        let m = fx.meeting("2026-03-03");
        let (c1, c2) = (fx.case(&m, 0), fx.case(&m, 1));
        let doctor = fx.doctor;
        let core = &mut fx.core;
        let attendance = |core: &Core, case: Id, p: Id| {
            core.case_detail(case)
                .unwrap()
                .participants
                .into_iter()
                .find(|x| x.participant_id == p)
                .map(|x| x.attendance)
        };
        core.set_member_attendance(m.id, doctor, Attendance::Absent)
            .unwrap();
        assert_eq!(attendance(core, c1, doctor), Some(Some(Attendance::Absent)));
        assert_eq!(attendance(core, c2, doctor), Some(Some(Attendance::Absent)));
        core.set_case_participant_attendance(c1, doctor, Some(Attendance::Virtual))
            .unwrap();
        core.set_member_attendance(m.id, doctor, Attendance::Present)
            .unwrap();
        assert_eq!(
            attendance(core, c1, doctor),
            Some(Some(Attendance::Virtual))
        );
        assert_eq!(
            attendance(core, c2, doctor),
            Some(Some(Attendance::Present))
        );
        let members = core.member_attendance(m.id).unwrap();
        assert_eq!(members.len(), 3);
        let d = members.iter().find(|x| x.participant_id == doctor).unwrap();
        assert_eq!(
            (d.attendance, d.attendance_label.as_str()),
            (Some(Attendance::Present), "Til stede")
        );
        assert_eq!(d.role_title, "Klinik for rusmiddelpsykiatri");

        // Ad hoc people join one case.
        let err = core.add_adhoc_participant(
            c1,
            &MemberInput {
                role: "moedeleder".into(),
                name: "X".into(),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let err = core.add_adhoc_participant(
            c1,
            &MemberInput {
                id: Some(doctor),
                role: "psykiater".into(),
                name: "X".into(),
                ..Default::default()
            },
        );
        assert_eq!(err.unwrap_err().kind(), "InvalidValue");
        let p = core
            .add_adhoc_participant(
                c1,
                &MemberInput {
                    role: "netvaerk".into(),
                    name: "Karin Sørensen".into(),
                    title: "Mor".into(),
                    fixed: true,
                    chair: true,
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(!p.fixed);
        assert_ne!(core.require_team().unwrap().chair_id, Some(p.id));
        let d1 = core.case_detail(c1).unwrap();
        let x = d1
            .participants
            .iter()
            .find(|x| x.participant_id == p.id)
            .unwrap();
        assert_eq!(
            (x.role_title.as_str(), x.fixed, x.attendance),
            ("Netværk/pårørende", false, None)
        );
        assert_eq!(x.attendance_label, "Ikke registreret");
        assert!(!core
            .case_detail(c2)
            .unwrap()
            .participants
            .iter()
            .any(|x| x.participant_id == p.id));
        core.set_case_participant_attendance(c1, p.id, Some(Attendance::Present))
            .unwrap();
        core.remove_case_participant(c1, p.id).unwrap();
        assert!(!core
            .case_detail(c1)
            .unwrap()
            .participants
            .iter()
            .any(|x| x.participant_id == p.id));
        assert!(core.participants().unwrap().iter().any(|x| x.id == p.id));
        // The citizen's own attendance.
        let case = core
            .set_citizen_attendance(c1, Some(Attendance::Virtual))
            .unwrap();
        assert_eq!(case.citizen_attendance, Some(Attendance::Virtual));
        assert_eq!(
            core.case_detail(c1).unwrap().citizen_attendance_label,
            "Virtuelt"
        );
    }
}
