package world

import "time"

// truthFile is truth.json: what the generator planted, for tests and for
// scoring analyses. docs/world.md describes it.
type truthFile struct {
	Generator       string           `json:"generator"`
	Version         string           `json:"version"`
	Options         Options          `json:"options"`
	Handsets        []handsetTruth   `json:"handsets"`
	CarriedTogether []pairTruth      `json:"carried_together"`
	HandsetSwap     []swapTruth      `json:"handset_swap"`
	Meeting         []meetingTruth   `json:"meeting"`
	Vehicle         []vehicleTruth   `json:"vehicle"`
	Files           []FileSummary    `json:"files"`
	Malformed       []malformedTruth `json:"malformed"`
	Duplicates      []lineRef        `json:"duplicates"`
	ClockChanges    []clockTruth     `json:"clock_changes"`
}

type handsetTruth struct {
	MSISDN   string      `json:"msisdn"`
	IMSI     string      `json:"imsi"`
	IMEIs    []string    `json:"imeis"`
	MNC      int         `json:"mnc"`
	HomeCell string      `json:"home_cell"`
	WorkCell string      `json:"work_cell,omitempty"`
	Home     [2]float64  `json:"home"`
	Work     *[2]float64 `json:"work,omitempty"`
}

type pairTruth struct {
	A string `json:"a"`
	B string `json:"b"`
}

type swapTruth struct {
	MSISDN   string    `json:"msisdn"`
	FromIMEI string    `json:"from_imei"`
	ToIMEI   string    `json:"to_imei"`
	At       time.Time `json:"at"`
}

type meetingTruth struct {
	MSISDNs []string          `json:"msisdns"`
	Start   time.Time         `json:"start"`
	End     time.Time         `json:"end"`
	Lat     float64           `json:"lat"`
	Lon     float64           `json:"lon"`
	Cells   map[string]string `json:"cells"`
}

type vehicleTruth struct {
	VRM     string   `json:"vrm"`
	Written []string `json:"written"`
	Driver  string   `json:"driver"`
	Cameras []string `json:"cameras"`
}

type malformedTruth struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

type lineRef struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Copy int    `json:"copy_line,omitempty"`
}

type clockTruth struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	TimeText string `json:"time_text"`
	Zone     string `json:"zone"`
	Flag     string `json:"flag"`
}
