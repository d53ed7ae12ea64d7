// Package synctestcase holds synctest bubbles; run the test binary with
// -test.run=^TestDeadlock$ or -test.run=^TestDump$.
package synctestcase
